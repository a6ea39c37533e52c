// Quotes' pure rules: the number (D2027-0001), the version's file name, totals with and without VAT, the
// validity date (today + days, in Paris days) and when a quote has expired, quantities as typed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "trainings/quotes/model.hpp"

using namespace trame::quotes;

namespace {

class QuotesValidity : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("TZ");
    saved_ = old ? old : "";
    had_ = old != nullptr;
    setenv("TZ", "Europe/Paris", 1);
    tzset();
  }
  void TearDown() override {
    if (had_) setenv("TZ", saved_.c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }

 private:
  std::string saved_;
  bool had_ = false;
};

Line line(long long unit, long long quantity) {
  Line l;
  l.unit_price_cents = unit;
  l.quantity = quantity;
  l.total_cents = line_total(l);
  return l;
}

}  // namespace

TEST(QuotesNumber, YearAndFourDigits) {
  EXPECT_EQ(quote_number(2027, 1), "D2027-0001");
  EXPECT_EQ(quote_number(2027, 42), "D2027-0042");
  EXPECT_EQ(quote_number(2028, 12345), "D2028-12345");
}

TEST(QuotesNumber, FileNameOfAVersion) {
  EXPECT_EQ(version_file_name("D2027-0001", 2), "devis-D2027-0001-v2.pdf");
}

TEST(QuotesTotals, ExemptHasNoVat) {
  Totals t = totals_of({line(150000, 1), line(1500, 10)}, true, 200);
  EXPECT_EQ(t.net_cents, 165000);
  EXPECT_EQ(t.vat_cents, 0);
  EXPECT_EQ(t.total_cents, 165000);
}

TEST(QuotesTotals, VatAtTheRateRoundedHalfUp) {
  Totals t = totals_of({line(150000, 2)}, false, 200);
  EXPECT_EQ(t.net_cents, 300000);
  EXPECT_EQ(t.vat_cents, 60000);
  EXPECT_EQ(t.total_cents, 360000);
  // 5,5 % of 0,10 € = 0,0055 € → 1 cent (half up); of 0,09 € = 0,00495 € → 0 cent.
  EXPECT_EQ(totals_of({line(10, 1)}, false, 55).vat_cents, 1);
  EXPECT_EQ(totals_of({line(9, 1)}, false, 55).vat_cents, 0);
  // 20 % of 12,34 € = 2,468 € → 2,47 €.
  EXPECT_EQ(totals_of({line(1234, 1)}, false, 200).vat_cents, 247);
}

TEST(QuotesTotals, RateAsFrenchText) {
  EXPECT_EQ(rate_text(200), "20");
  EXPECT_EQ(rate_text(55), "5,5");
  EXPECT_EQ(rate_text(0), "0");
}

TEST_F(QuotesValidity, TodayPlusDaysAcrossMonthsAndDaylightSaving) {
  EXPECT_EQ(add_days("2027-03-01", 30), "2027-03-31");
  EXPECT_EQ(add_days("2027-03-15", 30), "2027-04-14");  // over the change to summer time (28 March)
  EXPECT_EQ(add_days("2027-10-20", 30), "2027-11-19");  // over the change to winter time
  EXPECT_EQ(add_days("2027-12-15", 30), "2028-01-14");
  EXPECT_EQ(add_days("2028-02-15", 14), "2028-02-29");
  EXPECT_EQ(add_days("pas une date", 30), "");
}

TEST(QuotesValidityRule, ValidUntilTheDayInclusive) {
  EXPECT_FALSE(expired_on("2027-04-14", "2027-04-13"));
  EXPECT_FALSE(expired_on("2027-04-14", "2027-04-14"));
  EXPECT_TRUE(expired_on("2027-04-14", "2027-04-15"));
  EXPECT_TRUE(expired_on("2027-04-14", "2028-01-01"));
}

TEST(QuotesQuantity, AsTyped) {
  EXPECT_EQ(parse_quantity("", 1), 1);
  EXPECT_EQ(parse_quantity(" 3 ", 1), 3);
  EXPECT_EQ(parse_quantity("999", 1), 999);
  EXPECT_EQ(parse_quantity("0", 1), -1);
  EXPECT_EQ(parse_quantity("1000", 1), -1);
  EXPECT_EQ(parse_quantity("2,5", 1), -1);
  EXPECT_EQ(parse_quantity("-1", 1), -1);
}
