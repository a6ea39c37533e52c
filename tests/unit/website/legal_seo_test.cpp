// The legal pages' checks (the RGAA status against the rate, rates and dates normalised) and robots.txt's
// rules derived from routes (never hiding a public path).
#include <gtest/gtest.h>

#include <algorithm>

#include "website/legal/service.hpp"
#include "website/seo/service.hpp"

using namespace trame::website;

namespace {

legal::Values accessibility(const std::string& status, const std::string& rate, const std::string& date) {
  legal::Values v;
  for (const auto& f : legal::page_by_key("accessibility")->fields) v[f.key] = "";
  v["status"] = status;
  v["rate"] = rate;
  v["audit_date"] = date;
  return v;
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST(LegalCheck, TheStatusFollowsTheRgaaThresholds) {
  const auto& page = *legal::page_by_key("accessibility");
  auto ok = accessibility("partiel", " 72,5 ", "2027-03-15");
  EXPECT_TRUE(legal::check(page, ok).ok);
  EXPECT_EQ(ok["rate"], "72.5");
  auto total = accessibility("total", "100", "2027-03-15");
  EXPECT_TRUE(legal::check(page, total).ok);
  auto unaudited = accessibility("non", "", "");
  EXPECT_TRUE(legal::check(page, unaudited).ok);

  auto low = accessibility("partiel", "49,9", "2027-03-15");
  EXPECT_EQ(legal::check(page, low).field, "status");
  auto not_total = accessibility("total", "99", "2027-03-15");
  EXPECT_EQ(legal::check(page, not_total).error, "site_legal.errors.status_rate");
  auto no_audit = accessibility("partiel", "80", "");
  EXPECT_EQ(legal::check(page, no_audit).field, "audit_date");
  auto full_but_non = accessibility("non", "100", "2027-03-15");
  EXPECT_FALSE(legal::check(page, full_but_non).ok);
}

TEST(LegalCheck, RatesAndDatesAreChecked) {
  const auto& page = *legal::page_by_key("accessibility");
  for (const std::string bad : {"101", "100,5", "72,55", "-3", "abc", "7 2", "1000"}) {
    auto v = accessibility("non", bad, "");
    EXPECT_EQ(legal::check(page, v).field, "rate") << bad;
  }
  for (const std::string bad : {"2027-02-30", "15/03/2027", "2027-3-15"}) {
    auto v = accessibility("non", "", bad);
    EXPECT_EQ(legal::check(page, v).field, "audit_date") << bad;
  }
  auto unknown = accessibility("parfait", "", "");
  EXPECT_EQ(legal::check(page, unknown).field, "status");
}

TEST(LegalCheck, TextsHaveLimits) {
  const auto& page = *legal::page_by_key("plan");
  legal::Values v{{"years", "2027-2029"}, {"multi_year", std::string(20000, 'x')}, {"plan_year", "2027"}, {"plan", ""}};
  EXPECT_TRUE(legal::check(page, v).ok);
  v["multi_year"] += "é";
  EXPECT_EQ(legal::check(page, v).field, "multi_year");
  v["multi_year"] = "";
  v["years"] = "2027\n2028";
  EXPECT_EQ(legal::check(page, v).error, "site_legal.errors.one_line");
}

TEST(Robots, DisallowsPrivateAreasDownToWhatNoPublicRouteShares) {
  std::vector<seo::RouteView> routes = {
      {"/", true},
      {"/formations", true},
      {"/formations/programmes/{id:int}", true},
      {"/formations/sessions/{id:int}", true},
      {"/formations/sessions/{id:int}/agenda.ics", true},
      {"/formations/bilans-publics", true},
      {"/formations/gestion", false},
      {"/formations/bilan", false},
      {"/formations/bilan.xlsx", false},
      {"/formations/sessions/{id:int}/modifier", false},
      {"/formations/programmes/nouveau", false},
      {"/admin/site/mentions", false},
      {"/admin/utilisateurs/{id:int}", false},
      {"/tableau-de-bord", false},
      {"/compte/double-authentification", false},
      {"/compte", false},
  };
  auto rules = seo::robots_rules(routes).disallow;
  EXPECT_TRUE(has(rules, "/admin"));
  EXPECT_TRUE(has(rules, "/compte"));
  EXPECT_TRUE(has(rules, "/tableau-de-bord"));
  EXPECT_TRUE(has(rules, "/formations/gestion"));
  EXPECT_TRUE(has(rules, "/formations/sessions/*/modifier"));
  EXPECT_TRUE(has(rules, "/formations/programmes/nouveau"));
  // "/formations/bilan" would hide the public "/formations/bilans-publics": the area and the page instead.
  EXPECT_TRUE(has(rules, "/formations/bilan/"));
  EXPECT_TRUE(has(rules, "/formations/bilan$"));
  EXPECT_FALSE(has(rules, "/formations/bilan"));
  EXPECT_TRUE(has(rules, "/formations/bilan.xlsx"));
  EXPECT_FALSE(has(rules, "/formations"));
  EXPECT_FALSE(has(rules, "/formations/sessions"));
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "/admin"), 1);  // one rule covers both admin routes

  auto text = seo::robots_txt(seo::robots_rules(routes), "https://trame.example.org/");
  EXPECT_NE(text.find("User-agent: *\n"), std::string::npos);
  EXPECT_NE(text.find("Disallow: /admin\n"), std::string::npos);
  EXPECT_NE(text.find("Sitemap: https://trame.example.org/sitemap.xml\n"), std::string::npos);
}
