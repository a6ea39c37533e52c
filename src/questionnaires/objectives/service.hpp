// Objectives set for a session during the course, used by the before/after comparison; the
// mid-course ("à chaud") evaluation (its stage lives in the campaigns' cycle, issue 18).
//
// A session's staff (its managers: trainings.manage in the programme's organiser; its trainers) set the
// session's own objectives, an ordered list starting from the programme's, until the follow-up sending
// goes. The positioning and follow-up sendings of the session then ask one 1–5 question per objective
// (keys obj-1… in this order, campaigns::Service::expand_for_session), and the comparison labels its
// rows with them (showing what the positioning asked when it differs). Every change is audited.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "questionnaires/objectives/repository.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::objectives {

inline constexpr std::size_t kMaxObjectives = 12;
inline constexpr std::size_t kMaxObjectiveChars = 300;

// The objectives typed one per line (pure): lines trimmed, empty ones dropped, in order. nullopt with
// the catalogue key of the refusal in *error: more than kMaxObjectives, a line over kMaxObjectiveChars
// characters, the same objective twice. An empty list is valid (back to the programme's objectives).
std::optional<std::vector<std::string>> parse_objectives(const std::string& text, std::string* error = nullptr);

// What the objectives page shows.
struct SessionObjectives {
  programmes::SessionAccess access;
  std::vector<std::string> own;           // the session's own objectives (empty: none set)
  std::vector<std::string> programme;     // the programme's objectives
  long long positioning_sent_at = 0;      // the positioning sending went then (0: not yet)
  long long followup_sent_at = 0;         // the follow-up went then: the objectives are frozen
  std::vector<std::string> asked_before;  // the objectives the positioning asked (obj-1… labels), if sent
};

class Service {
 public:
  // Objectives send nothing and print nothing: the mail service and catalogue of the modules' common
  // constructor are not kept.
  Service(store::Database& db, audit::Service& audit, mail::Service& /*mail*/, const web::Catalogue& /*catalogue*/,
          std::string public_url)
      : db_(db), audit_(audit), public_url_(std::move(public_url)) {}

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

  // The session's objectives as its staff (managers, trainers) see them; not_found for anyone else and
  // for a session that does not exist (the same answer).
  Outcome read(const Principal& me, long long session_id, SessionObjectives& out);
  // Replaces the session's objectives by those typed (one per line; none: the programme's again).
  // not_found as read; invalid (the field "objectives") when malformed or once the follow-up has gone.
  Outcome save(const Actor& actor, const Principal& me, long long session_id, const std::string& text);

 private:
  store::Database& db_;
  audit::Service& audit_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::objectives
