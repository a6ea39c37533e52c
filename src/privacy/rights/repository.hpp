// SQL of people's rights. The schema is read at run time (sqlite_master and pragmas on SQLite,
// information_schema on PostgreSQL), so that a table added by a later migration is covered by the
// download and the erasure without a change here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "privacy/rights/model.hpp"

namespace trame::privacy::rights {

class Repository {
 public:
  explicit Repository(bool postgresql) : postgresql_(postgresql) {}

  // The schema: every table, the columns holding a user's id, a table's columns and its text columns.
  std::vector<std::string> tables(soci::session& sql);
  std::vector<PersonLink> person_links(soci::session& sql);
  // Columns referencing `target` (a foreign key), and integer columns named `column`.
  std::vector<PersonLink> links_to(soci::session& sql, const std::string& target, const std::string& column);
  // A beneficiary's organisation and code.
  std::optional<std::pair<long long, std::string>> beneficiary(soci::session& sql, long long id);
  std::vector<std::string> columns(soci::session& sql, const std::string& table);
  std::vector<std::string> text_columns(soci::session& sql, const std::string& table);

  // The rows of `table` about the person: one of `links` holds their id, or a text column equals their
  // e-mail (case-insensitive).
  TableRows rows_about(soci::session& sql, const std::string& table, const std::vector<std::string>& links,
                       long long user_id, const std::string& email);

  // Replaces each of `values` (exact, case-sensitive) in every text column of `table` by `replacement`;
  // only in the rows about the person (as rows_about) when `only_about`. Returns the rows changed.
  long long scrub(soci::session& sql, const std::string& table, const std::vector<std::string>& values,
                  const std::string& replacement);
  long long scrub_about(soci::session& sql, const std::string& table, const std::vector<std::string>& values,
                        const std::string& replacement, const std::vector<std::string>& links, long long user_id,
                        const std::string& email);

  // The account: anonymised, disabled, its sessions and password resets removed.
  struct Account {
    std::string email, name;
    bool disabled = false;
  };
  std::optional<Account> account(soci::session& sql, long long user_id);
  void anonymise_account(soci::session& sql, long long user_id, const std::string& email, const std::string& name);

  // Requests.
  long long insert_request(soci::session& sql, const Request& r);
  bool has_open(soci::session& sql, long long user_id, const std::string& kind);
  std::optional<Request> find(soci::session& sql, long long id);
  std::vector<Request> for_person(soci::session& sql, long long user_id);
  // Open ones first (soonest deadline first), then the others (newest first).
  std::vector<Request> page(soci::session& sql, long long offset, long long limit);
  long long count(soci::session& sql);
  // Moves a request from `from` (a conditional update: false when it changed meanwhile).
  bool update(soci::session& sql, long long id, const std::string& from, const Request& r);
  // Extends an open, never extended request's deadline to `due` (false when it changed meanwhile).
  bool extend(soci::session& sql, long long id, long long due, const std::string& reason, long long now);
  // Open requests due before `before`, not yet reminded on `day`; marks them reminded.
  std::vector<Request> claim_due(soci::session& sql, long long before, const std::string& day);
  // E-mails of enabled administrators and data protection officers.
  std::vector<std::string> officers(soci::session& sql);

 private:
  std::string about(const std::vector<std::string>& links, long long user_id, const std::vector<std::string>& texts,
                    const std::string& email) const;
  bool postgresql_;
};

}  // namespace trame::privacy::rights
