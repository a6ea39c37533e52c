// Help between seminars: a trainee asks a trainer for help on their project (request, appointment,
// notes visible to both); "têtes de réseau" added to a session as follow-up contacts who see their trainees'
// follow-up. Rules and decisions: docs/trainings/coaching.md; statuses: rules.hpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trainings/coaching/model.hpp"
#include "trainings/coaching/repository.hpp"
#include "trainings/coaching/rules.hpp"
#include "trainings/programmes/access.hpp"

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::coaching {

// The coaching page of a session for one person.
struct SessionCoaching {
  programmes::SessionAccess access;
  bool staff = false;    // a trainer of the session or a manager: answers requests
  bool trainee = false;  // an enrolled trainee: asks, reads their own
  bool may_ask = false;  // may make a new request (admitted, confirmed or completed)
  std::vector<Person> trainers;
  std::vector<Request> requests;  // staff: those they may see, waiting ones first; trainee: their own
  long long total = 0;
};

// One request with its thread.
struct RequestView {
  Request request;
  programmes::SessionAccess access;
  Side side = Side::trainee;
  std::vector<Entry> entries;
  long long entries_total = 0;
};

struct ContactsView {
  programmes::SessionAccess access;
  std::vector<Trainee> trainees;  // enrolled trainees of the session
  std::vector<Contact> contacts;
  // The person looked up by e-mail (?email=), and the trainees checked by default for them.
  std::optional<Person> found;
  std::vector<long long> suggested;
};

struct FollowedPage {
  std::vector<Followed> items;
  long long total = 0;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  static constexpr long long kPerPage = 20;
  static constexpr long long kEntriesPerPage = 50;  // a request's thread, oldest first

  // ---- Coaching requests
  // not_found unless `me` is a manager or trainer of the session or an enrolled trainee.
  Outcome session_coaching(const Principal& me, long long session_id, long long page, SessionCoaching& out);
  // A trainee asks (Outcome::id: the new request).
  Outcome create(const Actor& actor, const Principal& me, long long session_id, const RequestInput& in);
  // not_found unless `me` is its trainee, a manager of the organiser, or a trainer of the session it is
  // addressed to (or to « peu importe »).
  Outcome view(const Principal& me, long long request_id, long long page, RequestView& out);
  Outcome propose(const Actor& actor, const Principal& me, long long request_id, const ProposalInput& in);
  Outcome accept(const Actor& actor, const Principal& me, long long request_id);
  Outcome reschedule(const Actor& actor, const Principal& me, long long request_id, const std::string& message);
  Outcome add_note(const Actor& actor, const Principal& me, long long request_id, const std::string& body);
  // outcome: resolved or no_follow_up.
  Outcome close(const Actor& actor, const Principal& me, long long request_id, const std::string& outcome,
                const std::string& body);
  // Requests waiting for `me` as a trainer or a manager (dashboard): the first `limit`, and how many.
  std::vector<Waiting> waiting_for(const Principal& me, long long limit, long long& total);

  // ---- Follow-up contacts
  // Managers of the session only (denied for its trainers and trainees, not_found for others).
  Outcome contacts(const Principal& me, long long session_id, const std::string& email, ContactsView& out);
  // Sets the trainees a person (found by e-mail) follows on the session (adds the contact if new).
  Outcome set_contact(const Actor& actor, const Principal& me, long long session_id, const std::string& email,
                      const std::vector<long long>& applications);
  Outcome remove_contact(const Actor& actor, const Principal& me, long long session_id, long long user_id);
  // The trainees `me` follows, every session.
  FollowedPage followed(const Principal& me, long long page);

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Reminds the trainers of requests left without an answer for trainings.coaching_answer_days (3)
  // working days, once per request (claimed by a conditional UPDATE).
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  // The request and the side `me` acts on it from; not_found when `me` may not see it.
  Outcome load(soci::session& sql, const Principal& me, long long request_id, Request& r,
               programmes::SessionAccess& access, Side& side) const;
  Outcome move(const Actor& actor, const Principal& me, long long request_id, Action action, const std::string& body,
               const ProposalInput* proposal);
  void notify_staff(soci::session& sql, const Request& r, const std::string& event, const std::string& body);
  void notify_trainee(soci::session& sql, const Request& r, const std::string& event, const std::string& body);
  std::string request_url(long long id) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::coaching
