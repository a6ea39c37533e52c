// Generated documents of a training: convocation, certificate of completion, completion attestation, individual hours
// statement; stored with their hash and sending date.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/core/permissions.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "trainings/training_documents/model.hpp"
#include "trainings/training_documents/repository.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::training_documents {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  std::optional<programmes::SessionAccess> access(const Principal* me, long long session_id);
  std::optional<SessionInfo> session(long long session_id);
  // The session's trainees (admitted, confirmed, completed, dropped out), for the form.
  std::vector<Trainee> enrolled(long long session_id);

  // A manager of the session (`me`; anyone else: not_found, as if missing) generates (and with send,
  // e-mails) documents of a kind for the session's cohort, or for one application when
  // application_id != 0. Outcome.id: the number of documents generated.
  Outcome generate(const Actor& actor, const Principal& me, long long session_id, const std::string& kind, bool send,
                   long long application_id);

  std::vector<Document> of_session(long long session_id, long long page, long long per_page, long long& total);
  std::vector<Document> of_user(long long user_id, long long page, long long per_page, long long& total);
  // The document when `me` may download it (a manager of its session, or the trainee it concerns);
  // nullopt when it does not exist or is not theirs (the same answer).
  std::optional<Document> document(const Principal& me, long long id);
  void record_download(const Actor& actor, const Document& d);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the directory's and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  // One document, stored (and sent) inside the caller's transaction; returns its id.
  long long make(soci::session& sql, const Actor& actor, const SessionInfo& s, const std::vector<HalfDay>& halfdays,
                 const Trainee& t, const std::string& kind, bool send, long long now);
  std::vector<std::string> eligible_statuses(const std::string& kind) const;
  bool may_read(const Principal& me, const Document& d);
  // generate() once the access is checked (also for the demo data).
  Outcome produce(const Actor& actor, long long session_id, const std::string& kind, bool send,
                  long long application_id);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::training_documents
