//  Unit tests of the clean stage's visibility and container decisions added
//  after test_clean.c grew past its size: what a reader of the page sees
//  (framework classes that hide an element, hidden tabs that hold the page)
//  and the rules that keep or drop whole containers or linked paragraphs,
//  or fall back to the baseline. Each case is a small page written here, with what the
//  text must and must not hold. Nothing is read from outside the repository.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CHECKS 6

#include "clean_fixture.h"
#include "test_run.h"

//  One case: a page, the substrings its text must (not) hold.
typedef struct {
    const char *name;
    const char *html;
    const char *has [MAX_CHECKS];
    const char *hasnt [MAX_CHECKS];
} s_case_t;

//  Paragraphs long enough to count as article text (English, then French).
#define P1 "The council voted on Tuesday to rebuild the old bridge over the river, " \
           "after engineers found cracks in two of its stone arches last winter."
#define P2 "Work will start in the spring and last about eighteen months, the mayor " \
           "said, while a temporary footbridge keeps the two banks connected."
#define P3 "Shop owners on the east bank welcomed the decision, but asked for the " \
           "delivery lanes to stay open during the busiest weeks of the year."
#define P4 "Le conseil a voté mardi la reconstruction du vieux pont sur la rivière, " \
           "après la découverte de fissures dans deux de ses arches en pierre."

static const s_case_t s_cases [] = {
    {   .name = "class \"hidden\" and \"hide\" are display:none, \"hidden-xs\" is not",
        .html = "<html><body><div class=\"post\"><h1>The bridge</h1>"
                "<p>" P1 "</p><p>" P2 "</p>"
                "<div class=\"hidden\"><div class=\"error\">Invalid email address: "
                "please enter the address of the friend you send this story to.</div></div>"
                "<p class=\"note hide\">Your message has been sent to your friend, who will "
                "receive it in a few minutes with a link to this story.</p>"
                "<div class=\"hidden-xs\"><p>" P3 "</p></div>"
                "<p>" P4 "</p></div></body></html>",
        .has = { P1, P2, P3, P4 },
        .hasnt = { "Invalid email", "Your message has been sent" } },
    {   .name = "a rail (\"rightRail\", \"left-rail\") is a sidebar",
        .html = "<html><body><article><h1>The bridge</h1>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "<div class=\"rightRail\"><h3>About this blog</h3><p>The city desk blog "
                "is written by our reporters at the town hall, who follow every vote of "
                "the council and every public meeting of its committees.</p></div>"
                "<p>" P4 "</p></article></body></html>",
        .has = { P1, P2, P3, P4 },
        .hasnt = { "About this blog", "city desk blog" } },
    {   .name = "an author's bio box (\"author-bio\", \"extendedBio\", \"authorbio\") is not the article",
        .html = "<html><body><article><h1>The bridge</h1>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "<div class=\"author-bio\"><p>Jane Doe covers the town hall for the paper. "
                "Before that she spent ten years writing about farming in the valley.</p></div>"
                "<div class=\"extendedBio\"><p>Born in the hills, she studied history in "
                "the capital and still keeps bees on the roof of her flat.</p></div>"
                "<div id=\"authorbio\"><p>Her first book, about the ferries of the river, "
                "came out last spring and is sold in every bookshop in town.</p></div>"
                "<p>" P4 "</p></article></body></html>",
        .has = { P1, P2, P3, P4 },
        .hasnt = { "Jane Doe covers", "keeps bees", "ferries of the river" } },
    {   .name = "an author's box (\"about_author\", \"author-description\", \"authorBox\") is not the article",
        .html = "<html><body><article><h1>The bridge</h1>"
                "<div class=\"entry-content\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "<p>" P4 "</p><div class=\"about_author\"><div class=\"author_text\"><p><em>Jane Doe "
                "writes about the town hall and its budgets. When she is not at a council "
                "meeting, she rows on the river with her two sons.</em></p></div></div>"
                "<div class=\"author-description\"><p>Journaliste depuis vingt ans, elle a "
                "couvert les élections de la vallée avant de rejoindre la rédaction.</p></div>"
                "<div class=\"authorBox\"><p>Her first book, about the ferries of the river, "
                "came out last spring and is sold in every bookshop in town.</p></div>"
                "</div></article></body></html>",
        .has = { P1, P2, P3, P4 },
        .hasnt = { "rows on the river", "Journaliste depuis", "ferries of the river" } },
    {   .name = "\"author\" alone names a post, not a box: an \"author-post\" body stays",
        .html = "<html><body><div class=\"author-post\"><h1>The bridge</h1>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"
                "<div class=\"foot\"><p>Printed from the town paper's website.</p></div>"
                "</body></html>",
        .has = { P1, P2, P3 } },
    {   .name = "a one-sentence post whose summary is all of it: a longer sidebar note beside it goes",
        .html = "<html><head><meta name=\"description\" content=\"Happy Friday! We love this "
                "sketch of the new footbridge from the council's architects and cannot wait to "
                "cross it this summer.\"></head><body><div id=\"container\"><div id=\"left\">"
                "<div class=\"module\"><h2>{small print}</h2><ul><li><div class=\"note\">If you "
                "see a photograph here that we have not credited, please tell us so that we can "
                "give its author proper credit. If we have used a picture that belongs to you and "
                "you would rather we did not, write to us and we will gladly remove it.</div></li>"
                "</ul></div></div><div id=\"right\"><h2>March 4, 2024</h2><div class=\"entry\">"
                "<h3>city walk</h3><div class=\"entry-body\"><p>Happy Friday! We love this <a "
                "href=\"/sketch\">sketch of the new footbridge</a> from the council's architects "
                "and cannot wait to cross it this summer.</p></div></div></div></div></body></html>",
        .has = { "Happy Friday! We love this sketch of the new footbridge from the council's "
                 "architects and cannot wait to cross it this summer." },
        .hasnt = { "proper credit", "small print" } },
    {   .name = "a standfirst that is the summary is not the whole article: the short body after it stays",
        .html = "<html><head><meta name=\"description\" content=\"The council regrets that the "
                "talks with the ministry, held on Monday in the town hall, ended without an "
                "agreement on the bridge, the ferry, the new cycle lanes and the money for all "
                "three, and it asks the government to come back to the table before the summer.\">"
                "</head><body><article><h1>Talks end without a deal</h1><div class=\"intro-text\">"
                "<p>The council regrets that the talks with the ministry, held on Monday in the "
                "town hall, ended without an agreement on the bridge, the ferry, the new cycle "
                "lanes and the money for all three, and it asks the government to come back to the "
                "table before the summer.</p></div><div class=\"block\"><p>The mayor said the town "
                "had offered to pay a third of the cost of the works.</p></div></article></body></html>",
        .has = { "before the summer.\n\nThe mayor said", "cost of the works." } },
    {   .name = "... nor is an unnamed one followed by two paragraphs",
        .html = "<html><head><meta name=\"description\" content=\"The council regrets that the "
                "talks with the ministry, held on Monday in the town hall, ended without an "
                "agreement on the bridge, the ferry, the new cycle lanes and the money for all "
                "three, and it asks the government to come back to the table before the summer.\">"
                "</head><body><article><h1>Talks end without a deal</h1><div class=\"top\">"
                "<p>The council regrets that the talks with the ministry, held on Monday in the "
                "town hall, ended without an agreement on the bridge, the ferry, the new cycle "
                "lanes and the money for all three, and it asks the government to come back to the "
                "table before the summer.</p></div><div class=\"block\"><p>The mayor said the town "
                "had offered to pay a third of the cost of the works.</p></div><div class=\"block\">"
                "<p>The ministry wants the town to pay half, which the council says it cannot "
                "afford.</p></div></article></body></html>",
        .has = { "before the summer.\n\nThe mayor said", "cannot afford." } },
    {   .name = "a \"bio\" wrapper holding most of the article is the article",
        .html = "<html><body><div class=\"bio-page\"><h1>A life on the river</h1>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"
                "<div class=\"foot\"><p>Printed from the town paper's website.</p></div>"
                "</body></html>",
        .has = { P1, P2, P3 } },
    {   .name = "a long quote that is all one link is text, a linked promo after the last paragraph is not",
        .html = "<html><body><article><h1>The bridge</h1><div class=\"entry\">"
                "<blockquote><p><a href=\"/report\"><em>The old bridge can carry the "
                "traffic of the town for another two winters at most, and after that every "
                "heavy lorry that crosses it adds to the risk of a collapse, so the work must "
                "not wait.</em></a></p></blockquote>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "<p><a href=\"/offer\">Get our weekend edition for a whole year at half the "
                "price of the newsstand, with the crossword, the television guide and the "
                "recipes of the week delivered to your door every Saturday.</a></p>"
                "</div></article></body></html>",
        .has = { "two winters at most", P1, P2, P3 },
        .hasnt = { "weekend edition" } },
    {   .name = "a list item of the body that links part of its words and ends unpunctuated is text",
        .html = "<html><body><article><h1>The bridge</h1><div class=\"entry\">"
                "<p>" P1 "</p><p>How to cross the river:</p><ol>"
                "<li><strong>Take the ferry from the old harbour</strong> – check the times "
                "on <a href=\"/ferry\">the harbour board</a> or <a href=\"/app\">the town app</a></li>"
                "<li>" P2 "</li><li>" P3 "</li></ol>"
                "<p>" P4 "</p><ul><li><a href=\"/a\">Home page of the town and its many services</a></li>"
                "<li><a href=\"/b\">All our guides to the river and the old bridges</a></li>"
                "</ul></div></article></body></html>",
        .has = { "Take the ferry from the old harbour", "the town app", P1, P2, P3, P4 },
        .hasnt = { "All our guides" } },
    {   .name = "the consent placeholder of a blocked embed is not the article",
        .html = "<html><body><article><h1>The bridge</h1>"
                "<p>" P1 "</p><div class=\"embed-wrapper\"><p><strong>Empfohlener redaktioneller "
                "Inhalt</strong></p><p>An dieser Stelle findet Ihr einen externen Inhalt von "
                "Instagram, der den Artikel erg\xC3\xA4" "nzt.</p><p>Ich bin damit einverstanden, "
                "dass mir externe Inhalte angezeigt werden. Damit k\xC3\xB6" "nnen personenbezogene "
                "Daten an Drittplattformen \xC3\xBC" "bermittelt werden.</p></div>"
                "<p>" P2 "</p><div><p>Externer Inhalt</p><p>Um Deine pers\xC3\xB6" "nlichen Daten zu "
                "sch\xC3\xBC" "tzen, haben wir das automatische Laden der Inhalte von twitter.com "
                "blockiert.</p></div><p>" P3 "</p></article></body></html>",
        .has = { P1, P2, P3 },
        .hasnt = { "redaktioneller", "externen Inhalt", "einverstanden", "Externer Inhalt",
                   "automatische Laden" } },
    {   .name = "comment prompts \"No comments yet.\" and \"Post a comment\" are not the article",
        .html = "<html><body><article><h1>The bridge</h1>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "<p>No comments yet.</p><h3>Post a comment</h3></article></body></html>",
        .has = { P1, P2, P3 },
        .hasnt = { "No comments", "Post a comment" } },
    {   .name = "toolbar labels alone on a line go, a sub-heading \"Video\" stays",
        .html = "<html><body><article><h1>The bridge</h1><div>E-mail</div><div>Search</div>"
                "<p>" P1 "</p><h2>Video</h2><p>" P2 "</p><p>Play video</p><p>" P3 "</p>"
                "<p>Previous article</p><p>Next article</p></article></body></html>",
        .has = { P1, "Video\n\n", P2, P3 },
        .hasnt = { "E-mail", "Search", "Play video", "Previous article", "Next article" } },
    {   .name = "a named anchor (<a name>) is text, not a link: glossary terms stay",
        .html = "<html><body><div class=\"main\"><h1>Words of the river</h1>"
                "<p>" P1 "</p><dl>"
                "<dt><a name=\"ferry\"><strong>ferryman</strong></a></dt>"
                "<dd>the man who takes people across the river in a boat</dd>"
                "<dt><a name=\"lock\"><strong>lock gate</strong></a></dt>"
                "<dd>the door that holds the water back between two levels</dd>"
                "<dt><a name=\"weir\"><strong>weir</strong></a></dt>"
                "<dd>a low wall across the river that raises its level</dd></dl>"
                "<p>" P2 "</p><ul><li><a href=\"/a\">Home page</a></li>"
                "<li><a href=\"/b\">All our guides</a></li><li><a href=\"/c\">Contact "
                "the editors</a></li></ul></div></body></html>",
        .has = { "ferryman", "lock gate", "weir", "raises its level", P1, P2 },
        .hasnt = { "All our guides", "Contact the editors" } },
    {   .name = "an opening and a closing paragraph that trail off are text, a teaser is not",
        .html = "<html><body><div class=\"teaser\"><p>Will the new trams win the old town over? "
                "That is the question we asked our readers this week... <a href=\"/t\">Read "
                "More...</a></p></div><article><div class=\"entry\">"
                "<p>The deadline for the <a href=\"/s\">summer seminar</a> is Friday morning. "
                "Please tell any student you know that they are almost out of time...</p>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "<p>As one shop owner put it, the <a href=\"/b\">bridge</a> has seen worse "
                "winters than this one, and it will see a few more...</p>"
                "</div></article></body></html>",
        .has = { "almost out of time", P1, P3, "a few more" },
        .hasnt = { "Read More", "old town over" } },
    {   .name = "a teaser that ends in its link is not an opening paragraph",
        .html = "<html><body><article><div class=\"entry\"><p>Will the new trams win the "
                "old town over? That is the question we asked our readers this week, and "
                "the answers... <a href=\"/t\">Read More...</a></p>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div></article></body></html>",
        .has = { P1, P3 },
        .hasnt = { "Read More", "old town over" } },
    {   .name = "a box after the article, outside the baseline and the core, is the trailer",
        .html = "<html><body><div class=\"top\"><a href=\"/\">Home</a></div><div id=\"page\">"
                "<div class=\"main\"><h1>The bridge</h1><div class=\"entry\">"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p><p>" P4 "</p></div>"
                "<div class=\"box\"><h2>About me</h2><div>NAME: Greg</div>"
                "<div>JOB: History teacher</div><p>All posts here are my own views and not "
                "those of my employer or my dogs.</p></div></div></div></body></html>",
        .has = { P1, P2, P3, P4 },
        .hasnt = { "About me", "NAME: Greg", "my own views" } },
    {   .name = "a gallery post: captions that are most of the text are the text",
        .html = "<html><body><article><h1>Costumes in the old town</h1>"
                "<p>The old town dressed up for the autumn parade on Saturday.</p>"
                "<div class=\"wp-caption\"><img src=\"/1.jpg\"><p class=\"wp-caption-text\">A girl dressed as a lighthouse waves at the crowd on the bridge. (Ann Lee/The Courier)</p></div>"
                "<div class=\"wp-caption\"><img src=\"/2.jpg\"><p class=\"wp-caption-text\">Two brothers in cardboard armour guard the door of the bakery. (Ann Lee/The Courier)</p></div>"
                "<div class=\"wp-caption\"><img src=\"/3.jpg\"><p class=\"wp-caption-text\">The mayor, as a pumpkin, opens the parade from the town hall steps. (Tom Ray/The Courier)</p></div>"
                "<div class=\"wp-caption\"><img src=\"/4.jpg\"><p class=\"wp-caption-text\">A dog in a rain coat walks at the head of the brass band. (Tom Ray/The Courier)</p></div>"
                "</article></body></html>",
        .has = { "lighthouse waves", "cardboard armour", "as a pumpkin", "rain coat" } },
    {   .name = "a caption beside a long article is the page's furniture",
        .html = "<html><body><article><h1>The bridge</h1><p>" P1 "</p>"
                "<div class=\"wp-caption\"><img src=\"/1.jpg\"><p class=\"wp-caption-text\">The old bridge seen from the east bank in March. (Ann Lee/The Courier)</p></div>"
                "<p>" P2 "</p><p>" P3 "</p><p>" P4 "</p></article></body></html>",
        .has = { P1, P2, P3, P4 },
        .hasnt = { "seen from the east bank" } },
    {   .name = "a hidden tab that holds most of the page's prose is shown, a small one is not",
        .html = "<html><body><div class=\"hotel\"><h1>The Old Mill</h1>"
                "<div id=\"tab_intro\"><p>A quiet inn by the weir, ten minutes from the "
                "station... <a href=\"javascript:tab('review')\">more</a></p></div>"
                "<div id=\"tab_review\" style=\"display: none;\"><h2>Our review</h2>"
                "<p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div>"
                "<div id=\"tab_reply\" style=\"display:none\"><p>Leave a reply: your "
                "address will not be published.</p></div></div></body></html>",
        .has = { P1, P2, P3 },
        .hasnt = { "Leave a reply" } },
    {   .name = "a page wrapper hidden by a framework class until a script runs is shown",
        .html = "<html><body><div id=\"app\" class=\"wrap hide\">"
                "<h1>The bridge</h1><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                "</div><div class=\"foot\"><p>Copyright 2020 The Courier, all "
                "rights reserved.</p></div></body></html>",
        .has = { P1, P2, P3 } },
    {   .name = "a hidden copy of the visible article (microdata) stays hidden",
        .html = "<html><body><article><h1>The bridge</h1><p>" P1 "</p><p>" P2 "</p></article>"
                "<div style=\"display:none\"><span>2019-11-19T08:57:40+01:00</span>"
                "<span>Courier Media Group Limited</span><p>" P1 "</p><p>" P2 "</p></div>"
                "</body></html>",
        .has = { P1, P2 },
        .hasnt = { "2019-11-19T08", "Courier Media Group" } },
    {   .name = "a baseline a little larger than an article it does not share is no fallback",
        .html = "<html><body><div class=\"page\"><h1>Packing for the hut trip</h1>"
                "<div itemprop=\"articleBody\"><ul>"
                "<li>A warm sleeping bag rated for nights below freezing, since the hut is "
                "not heated after ten.</li>"
                "<li>Two litres of water per person and a filter for the stream behind the "
                "woodshed.</li>"
                "<li>A head torch with spare batteries, because the path back from the lake "
                "has no lights at all.</li>"
                "<li>Slippers or light shoes for inside: boots stay in the drying room by the "
                "door.</li></ul></div>"
                "<div class=\"box\"><div class=\"content\"><p>Our club was founded in 1952 by "
                "six climbers from the valley, and today it looks after four huts, two hundred "
                "kilometres of marked trails and a library of old maps that members may borrow "
                "for a month, free of charge, from the office in the town hall, which is open "
                "every Thursday evening and on the first Saturday of the month. New members pay "
                "a small fee and get a key to every hut.</p></div></div></div></body></html>",
        .has = { "warm sleeping bag", "head torch", "Slippers" },
        .hasnt = { "founded in 1952" } },
    {   .name = "a heading that says something after the last paragraph is text, a label is not",
        .html = "<html><body><div class=\"menu\"><a href=\"/\">Home</a></div><article>"
                "<h1>The bridge</h1><div class=\"entry\"><p>" P1 "</p><p>" P2 "</p>"
                "<h3>Residents can see the plans at the town hall until the end of May</h3>"
                "<h4>More from the city desk</h4></div></article></body></html>",
        .has = { P1, P2, "see the plans at the town hall" },
        .hasnt = { "More from the city desk" } },
    {   .name = "a short post keeps its short lines, its blog's menus go",
        .html = "<html><body><div class=\"header\"><h1>Anna's corner</h1></div>"
                "<div class=\"post\"><h3 class=\"post-title\">A reading on Saturday</h3>"
                "<div class=\"post-body entry-content\"><div>Dear all,</div>"
                "<div>I would love to invite you to the reading of my new book about the "
                "river and its boatmen, at the little bookshop by the bridge, this Saturday, "
                "October 28, at 11 in the morning.</div>"
                "<div>Location:</div><div>The Old Mill Bookshop</div><div>12 River Road,</div>"
                "<div>Hope to see you there.</div><div>Cheers,</div><div>Anna</div></div>"
                "<div class=\"post-footer\">Posted by <a href=\"/p\">Anna</a> at 9:14 "
                "<a href=\"/c\">2 comments</a></div></div>"
                "<div id=\"sidebar\"><h2>Blog archive</h2><ul>"
                "<li><a href=\"/1\">October</a></li><li><a href=\"/2\">September</a></li>"
                "<li><a href=\"/3\">August</a></li></ul></div></body></html>",
        .has = { "Dear all,", "the reading of my new book", "The Old Mill Bookshop",
                 "Hope to see you there.", "Cheers,\n\nAnna" },
        .hasnt = { "September", "2 comments" } },
    {   .name = "the short opening lines that the page's summary reads into the text are kept",
        .html = "<html><head><meta name=\"description\" content=\"The river is back in its "
                "bed&#8230; It started with a walk on the dyke: The council voted on Tuesday "
                "to rebuild the old&hellip;\"></head><body>"
                "<div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/a\">About</a></div>"
                "<h1>After the flood</h1><p class=\"meta\">Posted in Walks</p>"
                "<p><em>The river is back in its bed&#8230;</em></p>"
                "<p>It started with a walk on the dyke:</p>"
                "<div class=\"text\"><p>" P1 "</p><p>" P2 "</p></div></body></html>",
        .has = { "The river is back in its bed\xE2\x80\xA6\n\nIt started with a walk",
                 P1, P2 },
        .hasnt = { "Posted in Walks", "After the flood" } },
    {   .name = "a summary that writes a no-break space between two words still reads the opening",
        .html = "<html><head><meta name=\"description\" content=\"Time:&nbsp;25 minutes "
                "Serves:&#8239;4 Ingredients: 300 g flour 200 g su&hellip;\"></head><body>"
                "<h1>Almond biscuits</h1><div class=\"entry\">"
                "<p><strong>Time:</strong>&nbsp;25 minutes</p><p>Serves: 4</p>"
                "<p><strong>Ingredients:</strong></p><p>300 g flour</p><p>200 g sugar</p>"
                "<ol><li>" P1 "</li><li>" P2 "</li></ol></div></body></html>",
        .has = { "Time: 25 minutes", "Serves: 4", "300 g flour", "200 g sugar", P1, P2 } },
    {   .name = "a summary that is the standfirst alone opens nothing",
        .html = "<html><head><meta name=\"description\" content=\"Cracks were found in "
                "two arches.\"></head><body><h1>The bridge</h1>"
                "<p>Cracks were found in two arches.</p><p>By the city desk</p>"
                "<div class=\"text\"><p>" P1 "</p><p>" P2 "</p></div></body></html>",
        .has = { P1, P2 },
        .hasnt = { "By the city desk" } },
};

START_TEST (test_case)
{
    const s_case_t *tc = &s_cases [_i];
    dp_cleaner_t *c = s_cleaner ();
    dp_clean_result_t res = { 0 };
    dp_rc_t rc = dp_clean_html (c, tc->html, strlen (tc->html), &res);
    ck_assert_msg (rc == DP_OK, "%s: rc %d (%s)", tc->name, rc, res.error ? res.error : "-");
    for (int i = 0; i < MAX_CHECKS && tc->has [i]; i++)
        ck_assert_msg (res.text && strstr (res.text, tc->has [i]),
                       "%s: text lacks [%.40s]:\n%s", tc->name, tc->has [i],
                       res.text ? res.text : "(null)");
    for (int i = 0; i < MAX_CHECKS && tc->hasnt [i]; i++)
        ck_assert_msg (!res.text || !strstr (res.text, tc->hasnt [i]),
                       "%s: text holds [%s]:\n%s", tc->name, tc->hasnt [i], res.text);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

//  A refrain printed four times: every copy after the first is a repeat
//  the main walk drops, so the result misses most of the baseline and falls
//  back; the fallback keeps the repeated paragraphs.
START_TEST (test_fallback_keeps_repeats)
{
    const char *chorus = "Row the boat across the river, row it slowly to the other side, "
                         "where the lamps are lit and the old ferryman waits for us all.";
    char html [4096];
    int len = snprintf (html, sizeof html, "<html><body><h1>The ferry song</h1>"
                        "<p>%s</p><p>%s</p><p>%s</p><p>%s</p></body></html>",
                        chorus, chorus, chorus, chorus);
    ck_assert_int_lt (len, (int) sizeof html);
    dp_cleaner_t *c = s_cleaner ();
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, (size_t) len, &res), DP_OK);
    int n = 0;
    for (const char *p = res.text; p && (p = strstr (p, "Row the boat")); p++)
        n++;
    ck_assert_msg (n == 4, "refrain kept %d times:\n%s", n, res.text ? res.text : "(null)");
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

//  A page that a script reveals: <body style="display:none">. The reader
//  sees the whole page, so the main walk runs (no fallback) and the
//  article comes out without its menu.
START_TEST (test_hidden_body)
{
    static const char *opens [] = {
        "<html><body style=\"display:none\">", "<html class=\"hidden\"><body>",
        "<html><body hidden>"
    };
    const char *rest = "<nav><ul><li><a href=\"/a\">Politics</a></li><li><a href=\"/b\">Sport"
                       "</a></li><li><a href=\"/c\">Weather</a></li></ul></nav>"
                       "<h1>The bridge</h1><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p>"
                       "</body></html>";
    for (size_t i = 0; i < sizeof opens / sizeof opens [0]; i++) {
        char html [2048];
        int len = snprintf (html, sizeof html, "%s%s", opens [i], rest);
        ck_assert_int_lt (len, (int) sizeof html);
        dp_cleaner_t *c = s_cleaner ();
        dp_clean_result_t res = { 0 };
        ck_assert_msg (dp_clean_html (c, html, (size_t) len, &res) == DP_OK, "%s: %s",
                       opens [i], res.error ? res.error : "-");
        ck_assert_msg (res.text && strstr (res.text, P1) && strstr (res.text, P3),
                       "%s: text: %s", opens [i], res.text ? res.text : "(null)");
        ck_assert_msg (!strstr (res.text, "Weather"), "%s: menu kept: %s", opens [i], res.text);
        ck_assert_msg (!res.fallback, "%s: fell back to the baseline", opens [i]);
        dp_clean_result_free (&res);
        dp_cleaner_destroy (&c);
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_seen");
    TCase *tc = tcase_create ("cases");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_case, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    tcase_add_test (tc, test_fallback_keeps_repeats);
    tcase_add_test (tc, test_hidden_body);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_seen");
    return dp_test_run (s_suite ());
}
