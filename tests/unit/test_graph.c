/* test_graph.c - share parsing and the graph's lookups. */
#include <math.h>
#include "harness.h"
#include "oversight/graph.h"
#include "oversight/render.h"

static void share(const char *text, bool ok, double lo, double hi, bool excl)
{
    ov_share s;
    bool got = ov_share_parse(text, &s);
    if (got != ok) {
        ov_t_fail++;
        fprintf(stderr, "share \"%s\": parsed %d, expected %d\n", text, got, ok);
        return;
    }
    if (!ok) {
        CHECK(!s.has_share);
        return;
    }
    if (fabs(s.min - lo) > 1e-12 || fabs(s.max - hi) > 1e-12 || s.min_exclusive != excl) {
        ov_t_fail++;
        fprintf(stderr, "share \"%s\": %g..%g excl %d, expected %g..%g excl %d\n", text, s.min, s.max,
                s.min_exclusive, lo, hi, excl);
        return;
    }
    ov_t_pass++;
}

static void test_share_parse(void)
{
    share("51%", true, 0.51, 0.51, false);
    share("51", true, 0.51, 0.51, false);
    share("0.51", true, 0.51, 0.51, false);
    share("51,5 %", true, 0.515, 0.515, false);
    share("100", true, 1.0, 1.0, false);
    share("1", true, 0.01, 0.01, false);
    share("25-50%", true, 0.25, 0.5, false);
    share("25 - 50 %", true, 0.25, 0.5, false);
    share("between 25 and 50 percent", true, 0.25, 0.5, false);
    share("25% to 50%", true, 0.25, 0.5, false);
    share("more than 25 percent", true, 0.25, 1.0, true);
    share(">50%", true, 0.5, 1.0, true);
    share("at least 50%", true, 0.5, 1.0, false);
    share("less than 10%", true, 0.0, 0.1, false);
    share("majority", true, 0.5, 1.0, true);
    share("0.25-0.5", true, 0.25, 0.5, false);
    share("", false, 0, 0, false);
    share("unknown", false, 0, 0, false);
    share("150%", false, 0, 0, false);
    share("1,000 shares", false, 0, 0, false); /* a count of shares is not a percentage */
}

static void test_share_format(void)
{
    char buf[48];
    ov_share s = {true, 0.51, 0.51, false};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, "51%");
    s = (ov_share){true, 0.25, 0.5, false};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, "25-50%");
    s = (ov_share){true, 0.5, 1.0, true};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, ">50%");
    s = (ov_share){false, 0, 0, false};
    ov_share_format(&s, buf, sizeof buf);
    CHECK_EQ_STR(buf, "?");
}

TEST_MAIN(test_share_parse, test_share_format)
