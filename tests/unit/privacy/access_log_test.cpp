// The DPO's filter of sensitive reads (src/privacy/access_log/service.hpp): what is accepted, what is
// refused with which message and field, the period's bounds (the end day included).
#include <gtest/gtest.h>

#include "platform/core/calendar.hpp"
#include "privacy/access_log/service.hpp"

using namespace trame;
using namespace trame::privacy::access_log;

TEST(PrivacyAccessLog, EmptyFilterMatchesEverything) {
  Filter f;
  f.kind = "x";
  ASSERT_TRUE(parse_filter({}, f).ok);
  EXPECT_EQ(f.kind, "");
  EXPECT_EQ(f.from, 0);
  EXPECT_EQ(f.to, 0);
}

TEST(PrivacyAccessLog, TrimsAndKeepsTheFields) {
  Filter f;
  ASSERT_TRUE(parse_filter({"  dpo@x.fr ", "report", " report:12 ", "2026-03-01", "2026-03-01"}, f).ok);
  EXPECT_EQ(f.reader, "dpo@x.fr");
  EXPECT_EQ(f.kind, "report");
  EXPECT_EQ(f.record, "report:12");
  EXPECT_EQ(f.from, day_start("2026-03-01"));
  EXPECT_EQ(f.to, day_start("2026-03-02"));
}

TEST(PrivacyAccessLog, RefusesBadInputWithItsField) {
  Filter f;
  auto o = parse_filter({"", "salary", "", "", ""}, f);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error, "access_log.errors.kind");
  EXPECT_EQ(o.field, "kind");
  o = parse_filter({"", "", "a b", "", ""}, f);
  EXPECT_EQ(o.field, "record");
  o = parse_filter({"", "", "", "2026-02-31", ""}, f);
  EXPECT_EQ(o.error, "access_log.errors.from");
  o = parse_filter({"", "", "", "", "01/03/2026"}, f);
  EXPECT_EQ(o.error, "access_log.errors.to");
  o = parse_filter({"", "", "", "2026-03-02", "2026-03-01"}, f);
  EXPECT_EQ(o.error, "access_log.errors.period");
  o = parse_filter({std::string(201, 'a'), "", "", "", ""}, f);
  EXPECT_EQ(o.field, "reader");
}
