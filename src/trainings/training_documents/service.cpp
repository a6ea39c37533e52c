#include "trainings/training_documents/service.hpp"

#include "trainings/enrolments/funding.hpp"
#include "platform/store/settings.hpp"
#include "trainings/training_documents/french.hpp"
#include "trainings/training_documents/pdfs.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::training_documents {

namespace {
std::string subject_of(long long id) {
  return "training_document:" + std::to_string(id);
}
}  // namespace

std::optional<programmes::SessionAccess> Service::access(const Principal* me, long long session_id) {
  return db_.read([&](soci::session& sql) { return programmes::session_access(sql, me, session_id); });
}

std::optional<SessionInfo> Service::session(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.session(sql, session_id); });
}

std::vector<Trainee> Service::enrolled(long long session_id) {
  return db_.read([&](soci::session& sql) {
    return repo_.trainees(sql, session_id, {"admitted", "confirmed", "completed", "dropped_out"});
  });
}

std::vector<std::string> Service::eligible_statuses(const std::string& kind) const {
  if (kind == "convocation") return {"admitted", "confirmed"};
  if (kind == "hours_statement") return {"admitted", "confirmed", "completed", "dropped_out"};
  return {"completed", "dropped_out"};
}

long long Service::make(soci::session& sql, const Actor& actor, const SessionInfo& s,
                        const std::vector<HalfDay>& halfdays, const Trainee& t, const std::string& kind, bool send,
                        long long now) {
  AttendanceMap attendance = repo_.attendance(sql, t.application_id);
  DocumentInput in{s, halfdays, t, attendance, 0, 0, "", 0};
  in.attended_minutes = enrolments::attended_minutes(sql, t.application_id);
  in.planned_minutes = enrolments::planned_minutes(sql, s.id);
  in.signatory = actor.id != 0 ? repo_.user_name(sql, actor.id) : "";
  // Produced by the system (scheduler, demo): signed in the name of the organiser's training staff.
  if (in.signatory.empty()) in.signatory = repo_.organiser_signatory(sql, s.organiser_id);
  in.now = now;
  Text text = [this](const std::string& key, const web::Params& params) { return catalogue_.t("fr", key, params); };
  std::string bytes = render_document(kind, in, text);
  Document d;
  d.kind = kind;
  d.session_id = s.id;
  d.application_id = t.application_id;
  d.file_name = document_file_name(catalogue_.t("fr", "training_documents.kinds." + kind), t.name, s.programme_title);
  d.sha256 = web::sha256_hex(bytes);
  d.data = bytes;
  d.size_bytes = static_cast<long long>(bytes.size());
  d.created_at = now;
  long long id = repo_.insert(sql, d, actor.id);
  audit_.record(sql, actor, "training_document.generated", subject_of(id),
                kind + " — " + t.name + " (session " + std::to_string(s.id) + ", sha256 " + d.sha256 + ")");
  if (send && !t.email.empty()) {
    web::Params p{{"name", t.name},
                  {"kind", catalogue_.t("fr", "training_documents.kinds." + kind)},
                  {"programme", s.programme_title},
                  {"session", s.title},
                  {"from", french_date(s.starts_at)},
                  {"organiser", s.organiser_name},
                  {"url", public_url_ + "/formations/documents/" + std::to_string(id)}};
    mail_.enqueue(sql, t.email, catalogue_.t("fr", "training_documents.mail.subject", p),
                  catalogue_.t("fr", "training_documents.mail.body", p));
    repo_.mark_sent(sql, id, now);
    audit_.record(sql, actor, "training_document.sent", subject_of(id), kind + " → " + t.email);
  }
  return id;
}

Outcome Service::generate(const Actor& actor, const Principal& me, long long session_id, const std::string& kind,
                          bool send, long long application_id) {
  auto a = access(&me, session_id);
  if (!a || !a->manager) return Outcome::not_found();  // another organiser's session: as if missing
  return produce(actor, session_id, kind, send, application_id);
}

Outcome Service::produce(const Actor& actor, long long session_id, const std::string& kind, bool send,
                         long long application_id) {
  if (!is_generated_kind(kind)) return Outcome::failure("training_documents.errors.kind", "kind");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    if (!s) return Outcome::not_found();
    bool completion = kind == "certificate" || kind == "attestation";
    if (completion && s->status != "completed")
      return Outcome::failure("training_documents.errors.not_completed", "kind");
    if (s->status == "cancelled") return Outcome::failure("training_documents.errors.cancelled", "kind");
    auto statuses = eligible_statuses(kind);
    std::vector<Trainee> trainees;
    if (application_id != 0) {
      auto t = repo_.trainee(sql, application_id);
      bool enrolled = false;
      if (t && programmes::session_of_application(sql, application_id) == session_id)
        for (const auto& st : statuses) enrolled = enrolled || st == t->status;
      if (!enrolled) return Outcome::failure("training_documents.errors.not_enrolled", "application");
      trainees.push_back(*t);
    } else {
      trainees = repo_.trainees(sql, session_id, statuses);
    }
    if (trainees.empty()) return Outcome::failure("training_documents.errors.nobody", "kind");
    auto halfdays = repo_.halfdays(sql, session_id);
    if (halfdays.empty()) return Outcome::failure("training_documents.errors.no_halfdays", "kind");
    for (const auto& t : trainees) make(sql, actor, *s, halfdays, t, kind, send, now);
    return Outcome::success(static_cast<long long>(trainees.size()));
  });
}

std::vector<Document> Service::of_session(long long session_id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_session(sql, session_id);
    return repo_.of_session(sql, session_id, (page - 1) * per_page, per_page);
  });
}

std::vector<Document> Service::of_user(long long user_id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_user(sql, user_id);
    return repo_.of_user(sql, user_id, (page - 1) * per_page, per_page);
  });
}

std::optional<Document> Service::document(const Principal& me, long long id) {
  auto d = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!d || !may_read(me, *d)) return std::nullopt;
  return d;
}

bool Service::may_read(const Principal& me, const Document& d) {
  if (d.trainee_user_id != 0 && d.trainee_user_id == me.id) return true;
  auto a = access(&me, d.session_id);
  return a && a->manager;
}

void Service::record_download(const Actor& actor, const Document& d) {
  audit_.record(actor, "training_document.downloaded", subject_of(d.id), d.kind + " — " + d.file_name);
}

long long Service::run_due(long long now) {
  long long days =
      db_.read([](soci::session& sql) { return store::setting_int(sql, "trainings.convocation_days", 7); });
  auto sessions = db_.read([&](soci::session& sql) { return repo_.sessions_starting(sql, now, now + days * 86400); });
  long long done = 0;
  Actor system{0, "système", ""};
  for (long long session_id : sessions) {
    auto pending = db_.read([&](soci::session& sql) { return repo_.unsent_convocations(sql, session_id); });
    for (long long application_id : pending) {
      done += db_.write([&](soci::session& sql) -> long long {
        if (repo_.lock_and_check_sent(sql, application_id)) return 0;  // claimed by another instance
        auto s = repo_.session(sql, session_id);
        auto t = repo_.trainee(sql, application_id);
        if (!s || !t || t->status != "confirmed") return 0;
        auto halfdays = repo_.halfdays(sql, session_id);
        if (halfdays.empty()) return 0;
        make(sql, system, *s, halfdays, *t, "convocation", true, now);
        return 1;
      });
    }
  }
  return done;
}

// The Département's completed "Pays d'Ancenis 2022-2023" gets its certificates of completion.
void Service::load_demo(const Actor& actor) {
  const std::string title = "Pays d'Ancenis 2022-2023";
  long long session_id = 0, existing = 0;
  db_.read([&](soci::session& sql) {
    session_id = repo_.completed_session_titled(sql, title);
    existing = session_id ? repo_.count_of_kind(sql, session_id, "certificate") : 0;
  });
  if (session_id != 0 && existing == 0) produce(actor, session_id, "certificate", false, 0);
  // Sagiterre's session under way: its trainees (the demo trainee) have their convocation to download.
  long long running = 0;
  db_.read([&](soci::session& sql) {
    running = repo_.running_session_titled(sql, "Session d'hiver");
    existing = running ? repo_.count_of_kind(sql, running, "convocation") : 0;
  });
  if (running != 0 && existing == 0) produce(actor, running, "convocation", false, 0);
}

}  // namespace trame::training_documents
