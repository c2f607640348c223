//  depeche serve — the SVG bar chart of counts per day (serve_chart.h).
//  Only numbers and dates the code formats itself go into the SVG; the
//  label goes through the escaper. Not a general charting library: one
//  series, one bar per day, an axis with the first and last day.
#include "serve/serve_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_W      720                    //  viewBox width
#define S_H      150                    //  viewBox height
#define S_LEFT   40                     //  room for the scale
#define S_BOTTOM 20                     //  room for the dates
#define S_TOP    8

//  Days from civil (H. Hinnant's algorithm), proleptic Gregorian.
static int32_t
s_days (int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t) (era * 146097 + doe - 719468);
}

static void
s_civil (int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int32_t
dp_chart_day (const char *iso)
{
    if (!iso)
        return INT32_MIN;
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? iso [i] != '-' : (iso [i] < '0' || iso [i] > '9'))
            return INT32_MIN;
    }
    int y = atoi (iso), m = atoi (iso + 5), d = atoi (iso + 8);
    static const int mdays [] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1 || d > mdays [m - 1])
        return INT32_MIN;
    return s_days (y, m, d);
}

void
dp_chart_add (dp_chart_t *self, const char *iso, int64_t n)
{
    int32_t day = dp_chart_day (iso);
    if (day == INT32_MIN) {
        self->undated += n;
        return;
    }
    for (size_t i = 0; i < self->n; i++)
        if (self->v [i].day == day) {
            self->v [i].n += n;
            return;
        }
    if (self->n == DP_CHART_MAX_DAYS) {
        self->undated += n;
        return;
    }
    self->v [self->n++] = (dp_chart_point_t) { day, n };
}

static int
s_by_day (const void *a, const void *b)
{
    int32_t x = ((const dp_chart_point_t *) a)->day, y = ((const dp_chart_point_t *) b)->day;
    return (x > y) - (x < y);
}

static void
s_date (char *buf, size_t len, int32_t day)
{
    int y, m, d;
    s_civil (day, &y, &m, &d);
    snprintf (buf, len, "%04d-%02d-%02d", y, m, d);
}

void
dp_chart_svg (const dp_chart_t *self, dp_html_t *out, const char *what, const char *label)
{
    if (!self->n)
        return;
    dp_chart_point_t *v = malloc (self->n * sizeof *v);
    if (!v) {
        out->oom = true;
        return;
    }
    memcpy (v, self->v, self->n * sizeof *v);
    qsort (v, self->n, sizeof *v, s_by_day);
    int32_t last = v [self->n - 1].day, first = v [0].day;
    size_t from = 0;
    if (last - first >= DP_CHART_SPAN) {
        first = last - DP_CHART_SPAN + 1;
        while (v [from].day < first)
            from++;
    }
    int64_t max = 1;
    for (size_t i = from; i < self->n; i++)
        if (v [i].n > max)
            max = v [i].n;
    int span = last - first + 1;
    double plot_w = S_W - S_LEFT - 4, plot_h = S_H - S_BOTTOM - S_TOP;
    double bar = plot_w / span;
    dp_html_fmt (out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
                 S_W, S_H);
    dp_html_text (out, label);
    dp_html_fmt (out, "\">\n<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n"
                 "<text class=\"scale\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>\n"
                 "<text class=\"scale\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">0</text>\n",
                 S_LEFT, S_TOP + plot_h, S_W - 4, S_TOP + plot_h,
                 S_LEFT - 4, S_TOP + 10, (long long) max, S_LEFT - 4, S_TOP + plot_h);
    char date [48];
    for (size_t i = from; i < self->n; i++) {
        double h = plot_h * (double) v [i].n / (double) max;
        double x = S_LEFT + bar * (v [i].day - first);
        s_date (date, sizeof date, v [i].day);
        dp_html_fmt (out, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\""
                     " height=\"%.2f\"><title>%s: %lld %s</title></rect>\n",
                     x + (bar > 3 ? bar * 0.1 : 0), S_TOP + plot_h - h,
                     bar > 3 ? bar * 0.8 : bar, h, date, (long long) v [i].n, what);
    }
    s_date (date, sizeof date, first);
    dp_html_fmt (out, "<text class=\"date\" x=\"%d\" y=\"%d\">%s</text>\n", S_LEFT,
                 S_H - 4, date);
    if (span > 1) {
        s_date (date, sizeof date, last);
        dp_html_fmt (out, "<text class=\"date\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                     S_W - 4, S_H - 4, date);
    }
    dp_html_raw (out, "</svg>\n");
    if (from)
        dp_html_fmt (out, "<p class=\"more\">Only the latest %d days are drawn.</p>\n",
                     DP_CHART_SPAN);
    if (self->undated)
        dp_html_fmt (out, "<p class=\"more\">%lld %s without a date are not drawn.</p>\n",
                     (long long) self->undated, what);
    free (v);
}
