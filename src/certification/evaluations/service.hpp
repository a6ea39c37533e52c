// Evaluation sessions, managed by the certifier's staff (certifications.manage): the day and place,
// the confidential cases, the candidates convened with their slots (no overlap for the jury of a
// session, nor for a candidate), the convocation (e-mail with an ICS file), and the written reports
// the candidates upload before the deadline.
#pragma once
#include "certification/candidates/service.hpp"
#include "certification/evaluations/repository.hpp"
#include "platform/audit/reads.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
}

namespace trame::evaluations {

class Service {
 public:
  // A written report: a PDF recognised by its bytes, at most this size.
  static constexpr std::size_t kMaxReportBytes = 20 * 1024 * 1024;
  // Each slot lasts at least this long and at most this long (minutes).
  static constexpr long long kMinSlotMinutes = 10, kMaxSlotMinutes = 240;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, candidates::Service& candidates)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        candidates_(candidates) {}

  // ---- Sessions (the certifier's staff)
  std::vector<EvaluationSession> sessions(const ActingFor& managed, long long certification_id);
  std::optional<EvaluationSession> managed_session(const ActingFor& managed, long long id);
  Outcome create_session(const Actor& actor, const ActingFor& managed, long long certification_id,
                         const SessionInput& in);
  Outcome update_session(const Actor& actor, const ActingFor& managed, long long id, const SessionInput& in);
  std::vector<Case> cases(long long session_id);
  // A case, for the certifier's staff only (the jury will read them on the day).
  std::optional<Case> visible_case(const ActingFor& managed, long long id);
  Outcome add_case(const Actor& actor, const ActingFor& managed, long long session_id, const std::string& title,
                   const std::string& body);
  Outcome delete_case(const Actor& actor, const ActingFor& managed, long long id);
  std::vector<Entry> entries(long long session_id);
  // The eligible candidates of the certification not yet in this session (to add).
  std::vector<candidates::Registration> addable(const ActingFor& managed, long long session_id);
  Outcome add_entry(const Actor& actor, const ActingFor& managed, long long session_id, long long registration_id);
  Outcome remove_entry(const Actor& actor, const ActingFor& managed, long long entry_id);
  // The times 'HH:MM' on the session's day; an empty pair removes that slot. The outcome's id is the session's.
  Outcome set_slots(const Actor& actor, const ActingFor& managed, long long entry_id, const std::string& exercise_from,
                    const std::string& exercise_to, const std::string& defence_from, const std::string& defence_to);
  // E-mails the candidate their convocation, with the slots as an ICS file.
  Outcome convene(const Actor& actor, const ActingFor& managed, long long entry_id);
  // The session of an entry the user manages (0: none, or not theirs).
  long long session_of_entry(const ActingFor& managed, long long entry_id);

  // ---- The candidate
  std::vector<Entry> entries_of_registration(long long registration_id);
  std::optional<EvaluationSession> session(long long id);
  // An entry of this candidate (nullopt: none, or someone else's).
  std::optional<Entry> own_entry(long long user_id, long long entry_id);
  // Uploads the written report of an entry (its candidate only, before the deadline).
  Outcome upload_report(const Actor& actor, long long user_id, long long entry_id, const std::string& filename,
                        const std::string& bytes);
  // A report for its candidate or the certifier's staff: its description and bytes.
  std::optional<std::pair<Report, std::string>> report(const Principal& me, long long id);
  candidates::Service& candidates() { return candidates_; }

  void load_demo(const Actor& actor);

  // A sensitive read, through the platform's one rule (platform/audit/reads.hpp, issue 23).
  bool record_read(const Actor& actor, const audit::Read& read) { return audit::record_read(db_, audit_, actor, read); }

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  Outcome validate(const SessionInput& in, EvaluationSession& s);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  candidates::Service& candidates_;
  Repository repo_;
  candidates::Repository registrations_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::evaluations
