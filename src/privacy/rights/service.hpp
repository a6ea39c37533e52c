// People's rights (GDPR art. 12, 15–17; docs/privacy.md « Rights »).
// - A signed-in person downloads at once everything Trame holds about them: every table's rows that hold
//   their id or their e-mail, by domain (JSON), and the same as a readable PDF. Secrets (password hashes,
//   TOTP secrets, token hashes) are left out.
// - They ask for a rectification or an erasure: one open request of each kind at a time.
// - The data protection officer (privacy.manage) answers within one month; a daily reminder lists the
//   requests due within 7 days or overdue. Each move follows the table of rules.hpp and is audited.
// - An erasure, when the request is marked done, runs in the same transaction: the account is anonymised
//   and disabled (it can no longer sign in), then every table's rows about the person lose the person's
//   e-mail, name and personal values (phones, addresses, birth dates…), except the tables the law keeps
//   (rules.hpp); the answer lists those kept tables and why.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "privacy/rights/model.hpp"
#include "privacy/rights/repository.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::privacy::rights {

// Everything about a person, by domain then table.
struct Holdings {
  std::string name, email;
  long long generated_at = 0;
  std::vector<std::pair<std::string, std::vector<TableRows>>> domains;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url);

  Holdings holdings(long long user_id, long long now);
  // The download (audited): JSON with documented keys, or a PDF.
  std::string json(const Actor& actor, const Holdings& h);
  std::string pdf(const Actor& actor, const Holdings& h);

  // What Trame holds about a beneficiary's pseudonymous code (their row and every row referencing it), for
  // a referent of their structure (outings.book there); nothing for another structure's beneficiary.
  std::optional<Holdings> beneficiary_holdings(const Principal& me, long long beneficiary_id, long long now);
  std::string beneficiary_pdf(const Actor& actor, const Holdings& h);

  // A person's request: refused (nothing changed) for an unknown kind, a message too long, or when one of
  // the same kind is still open.
  Outcome ask(const Actor& actor, const std::string& kind, const std::string& message, long long now);
  std::vector<Request> mine(long long user_id);

  std::vector<Request> page(long long page, long long per_page, long long& total);
  std::optional<Request> find(long long id);
  // The officer's answer: a status allowed from the current one, an answer (required to close), a reason
  // (required to refuse). Closing an erasure request erases.
  Outcome handle(const Actor& actor, long long id, const std::string& status, const std::string& answer,
                 const std::string& reason, long long now);

  // The officer extends the deadline by two months (GDPR art. 12(3)): once, before the first deadline,
  // with a reason; the person is told by e-mail, with the reason and the new date.
  Outcome extend(const Actor& actor, long long id, const std::string& reason, long long now);

  // The daily reminder: one e-mail to each officer listing the open requests due within 7 days or
  // overdue not yet listed today (Paris day). Returns the number of requests listed.
  long long remind(long long now);

 private:
  ErasureReport erase(soci::session& sql, long long user_id, const Repository::Account& account);
  std::string fr(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params = {}) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::privacy::rights
