// Invoices' pure rules: numbers, VAT rounding, due dates, the split between funders (attended hours) and the
// rest (employer or person), the status after a payment.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "trainings/invoices/pdf.hpp"
#include "trainings/invoices/rules.hpp"

using namespace trame::invoices;

namespace {

LineShare line(long long id, const std::string& funder, const std::string& status, long long amount, long long due,
               long long billed = 0) {
  LineShare l;
  l.id = id;
  l.funder = funder;
  l.funder_name = funder == "opco" ? "Uniformation" : "";
  l.status = status;
  l.amount_cents = amount;
  l.due_cents = due;
  l.billed_cents = billed;
  return l;
}

class InvoicesDays : public ::testing::Test {
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

}  // namespace

TEST(InvoicesNumbers, SeriesYearAndFourDigitsAtLeast) {
  EXPECT_EQ(format_number("F", 2027, 1), "F2027-0001");
  EXPECT_EQ(format_number("A", 2027, 12), "A2027-0012");
  EXPECT_EQ(format_number("F", 2026, 9999), "F2026-9999");
  EXPECT_EQ(format_number("F", 2026, 12345), "F2026-12345");
  EXPECT_EQ(file_name_of("invoice", "F2027-0001"), "facture-F2027-0001.pdf");
  EXPECT_EQ(file_name_of("credit_note", "A2027-0003"), "avoir-A2027-0003.pdf");
}

TEST(InvoicesVat, RoundedHalfUpToTheCent) {
  EXPECT_EQ(vat_of(150000, 200), 30000);  // 1 500,00 € at 20 %
  EXPECT_EQ(vat_of(1, 200), 0);           // 0,2 cent
  EXPECT_EQ(vat_of(3, 200), 1);           // 0,6 cent
  EXPECT_EQ(vat_of(25, 200), 5);
  EXPECT_EQ(vat_of(12345, 55), 679);  // 678,975 cents → 679
  EXPECT_EQ(vat_of(10, 50), 1);       // 0,5 cent → 1 (half up)
  EXPECT_EQ(vat_of(150000, 0), 0);    // exempt
  EXPECT_EQ(vat_of(0, 200), 0);
}

TEST_F(InvoicesDays, DueDatesAcrossMonthsAndDaylightSaving) {
  EXPECT_EQ(add_days("2027-01-15", 30), "2027-02-14");
  EXPECT_EQ(add_days("2027-03-20", 30), "2027-04-19");  // over the change to summer time
  EXPECT_EQ(add_days("2027-10-20", 10), "2027-10-30");
  EXPECT_EQ(add_days("2027-10-30", 1), "2027-10-31");
  EXPECT_EQ(add_days("2027-10-31", 1), "2027-11-01");  // the day winter time starts
  EXPECT_EQ(add_days("2028-02-28", 1), "2028-02-29");
  EXPECT_EQ(add_days("2027-01-15", -7), "2027-01-08");
  EXPECT_EQ(add_days("pas une date", 3), "");
  EXPECT_EQ(later_day("2027-01-15", "2027-02-01"), "2027-02-01");
  EXPECT_EQ(later_day("2027-03-15", "2027-02-01"), "2027-03-15");
}

TEST(InvoicesSplit, HalfTheHoursAttendedBillsTheFunderHalfAndTheRestTheComplement) {
  // Price 1 500 €, OPCO line 1 200 €, half the hours attended: due 600 €.
  auto parts = split(150000, true, {line(7, "opco", "agreed", 120000, 60000)}, "employer", "Association", 0);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].line_id, 7);
  EXPECT_EQ(parts[0].payer, "opco");
  EXPECT_EQ(parts[0].proposed_cents, 60000);
  EXPECT_EQ(parts[1].line_id, 0);
  EXPECT_EQ(parts[1].payer, "employer");
  EXPECT_EQ(parts[1].proposed_cents, 90000);
  EXPECT_EQ(parts[0].proposed_cents + parts[1].proposed_cents, 150000);
}

TEST(InvoicesSplit, BeforeAnyAttendanceOnlyTheExpectedRestIsBilled) {
  auto parts = split(150000, false, {line(1, "opco", "agreed", 120000, 0)}, "self", "Camille", 0);
  EXPECT_EQ(parts[0].proposed_cents, 0);      // funders after attendance
  EXPECT_EQ(parts[1].proposed_cents, 30000);  // advance: price − agreed funding
  // A whole price without funding: the advance is the price.
  auto alone = split(150000, false, {}, "employer", "X", 0);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].proposed_cents, 150000);
}

TEST(InvoicesSplit, RefusedLinesEmployerAndSelfLinesAreNotFunders) {
  auto parts = split(150000, true,
                     {line(1, "opco", "refused", 150000, 75000), line(2, "employer", "agreed", 150000, 75000),
                      line(3, "self", "agreed", 10000, 5000), line(4, "region", "requested", 50000, 25000)},
                     "employer", "X", 0);
  ASSERT_EQ(parts.size(), 2u);  // the region (not refused), then the rest
  EXPECT_EQ(parts[0].line_id, 4);
  EXPECT_EQ(parts[0].proposed_cents, 25000);
  EXPECT_EQ(parts[1].proposed_cents, 125000);
}

TEST(InvoicesSplit, WhatWasAlreadyBilledIsDeducedAndNeverBelowZero) {
  auto parts = split(150000, true, {line(1, "opco", "invoiced", 120000, 60000, 60000)}, "employer", "X", 30000);
  EXPECT_EQ(parts[0].proposed_cents, 0);
  EXPECT_EQ(parts[1].target_cents, 90000);
  EXPECT_EQ(parts[1].proposed_cents, 60000);
  // An advance billed on the expected rest (300 €), then attendance halves the funder's due: the rest grows.
  auto later = split(150000, true, {line(1, "opco", "agreed", 120000, 60000)}, "self", "X", 30000);
  EXPECT_EQ(later[1].proposed_cents, 60000);
  // Over-billed (a funder paid more than the complement): nothing proposed.
  auto over = split(100000, true, {line(1, "opco", "agreed", 100000, 100000)}, "self", "X", 50000);
  EXPECT_EQ(over[1].proposed_cents, 0);
}

TEST(InvoicesStatus, AfterAPayment) {
  EXPECT_EQ(status_after_payment("sent", 150000, 150000, false), "paid");
  EXPECT_EQ(status_after_payment("sent", 50000, 150000, false), "partially_paid");
  EXPECT_EQ(status_after_payment("issued", 50000, 150000, false), "partially_paid");
  EXPECT_EQ(status_after_payment("overdue", 50000, 150000, true), "overdue");
  EXPECT_EQ(status_after_payment("overdue", 150000, 150000, true), "paid");
  EXPECT_EQ(status_after_payment("cancelled", 150000, 150000, false), "cancelled");
}
