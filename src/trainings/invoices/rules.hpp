// The invoices module's pure rules: numbers, VAT, due dates, the split between funders and the rest.
#pragma once
#include <string>
#include <vector>

#include "trainings/invoices/model.hpp"

namespace trame::invoices {

// "F" + year + "-" + the sequence on 4 digits at least: F2027-0001, A2027-0012, F2027-12345.
std::string format_number(const std::string& series, long long year, long long sequence);
// VAT of an amount before tax at a rate in per mille (200 = 20 %), rounded half up to the cent.
long long vat_of(long long ht_cents, long long per_mille);
// 'YYYY-MM-DD' plus n days ("" when the day is malformed).
std::string add_days(const std::string& day, long long n);
// The later of two 'YYYY-MM-DD' days.
std::string later_day(const std::string& a, const std::string& b);
// Funders billed on attendance: every line not refused whose funder is neither the employer nor the person.
bool billed_as_funder(const LineShare& l);
// The split of an application's price:
//  - each funder's line (billed_as_funder) is owed its due_cents (pro rata of attended hours) once something was
//    attended; nothing before;
//  - the rest payer (employer or self) is owed price − Σ funders' shares, the funders' shares being their due when
//    something was attended, else their agreed amounts (an advance before the training bills the expected rest);
//  - each part proposes what is owed minus what was already invoiced (never below 0).
// rest_billed: already invoiced to the rest payer (any of employer/self, invoices not cancelled).
std::vector<Part> split(long long price_cents, bool attended, const std::vector<LineShare>& lines,
                        const std::string& rest_payer, const std::string& rest_name, long long rest_billed);
// The status after payments: paid when the sum reaches the total, else partially_paid or overdue (past due), else
// what it was (issued or sent).
std::string status_after_payment(const std::string& status, long long paid_cents, long long total_cents, bool past_due);

}  // namespace trame::invoices
