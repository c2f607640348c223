//  depeche serve — a bar chart of counts per day, drawn by the server as
//  inline SVG (no script, no external asset): mentions of a name per day,
//  articles of a story per day. Days without a count are drawn as gaps;
//  dates that are not YYYY-MM-DD are counted apart, never guessed.
#ifndef DP_SERVE_CHART_H_INCLUDED
#define DP_SERVE_CHART_H_INCLUDED

#include "serve/serve_html.h"

#include <stddef.h>
#include <stdint.h>

#define DP_CHART_MAX_DAYS 2048          //  distinct days kept
#define DP_CHART_SPAN     400           //  days drawn at most (the latest)

typedef struct {
    int32_t day;                        //  days since 1970-01-01
    int64_t n;                          //  count that day
} dp_chart_point_t;

//  Zero-initialise, add counts, draw.
typedef struct {
    dp_chart_point_t v [DP_CHART_MAX_DAYS];
    size_t n;
    int64_t undated;                    //  counts whose date was not a date
} dp_chart_t;

//  Days since 1970-01-01 of the date at the start of iso ("2026-02-09",
//  "2026-02-09T10:00:00Z"), or INT32_MIN when it does not start with a
//  valid YYYY-MM-DD.
int32_t
    dp_chart_day (const char *iso);

//  Adds n to the day of iso (or to undated).
void
    dp_chart_add (dp_chart_t *self, const char *iso, int64_t n);

//  Writes the chart as <svg> (nothing when empty); what names the counts
//  ("mentions", "articles"), label the chart (for screen readers).
void
    dp_chart_svg (const dp_chart_t *self, dp_html_t *out, const char *what,
                  const char *label);

#endif
