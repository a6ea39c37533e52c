// The rules of people's requests and of an erasure, pure functions of their inputs.
#pragma once
#include <string>
#include <vector>

#include "privacy/rights/model.hpp"

namespace trame::privacy::rights {

inline constexpr long long kReminderDays = 7;

bool valid_kind(const std::string& kind);
bool open_status(const std::string& status);
// Whether a request may move from `from` to `to` (the table of allowed moves).
bool allowed_move(const std::string& from, const std::string& to);
// The end of the Paris day one calendar month after `received_at` (31 January → 28/29 February).
long long due_at(long long received_at);
// The deadline extended by two further months (GDPR art. 12(3)): the end of the Paris day three calendar
// months after receipt.
long long extended_due_at(long long received_at);
// Whether a request's deadline may be extended at `now`: open, never extended, and the first deadline not
// passed (the person must be told within one month of receipt).
bool extendable(const Request& r, long long now);
// Whole days left before the deadline (negative when overdue), counted in Paris days.
long long days_left(long long due_at, long long now);

// The tables an erasure leaves as they are, because the law requires keeping them, with the reason's
// catalogue key: attendance evidence and agreements/invoices (Code du travail L6353-1 and following,
// Code de commerce L123-22: 10 years), the audit log (security, proof of the processing), the requests
// themselves (accountability, GDPR art. 5(2)).
struct KeptTable {
  const char* table;
  const char* reason;  // catalogue key under rights.kept.
};
const std::vector<KeptTable>& kept_tables();
bool kept(const std::string& table);
// Domain of a table, for the download's grouping (its name's prefix: training_ → trainings…).
std::string domain_of(const std::string& table);
// Columns never shown in a download (secrets: password hashes, TOTP secrets, token hashes).
bool secret_column(const std::string& column);
// Columns whose values in a person's rows are erased wherever they appear (phone numbers). Other columns
// (addresses, dates) are not searched for across the schema: they would match other people's data.
bool personal_column(const std::string& column);

}  // namespace trame::privacy::rights
