#include "trainings/quality/service.hpp"
#include "trainings/quality/bpf.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/store/settings.hpp"
#include "trainings/programmes/access.hpp"
#include "platform/web/i18n.hpp"

namespace trame::quality {

namespace {

// The public form e-mails the address typed in it: at most this many complaints per address a day,
// and per IP address an hour.
constexpr long long kPerAddress = 3;
constexpr long long kPerIp = 10;

std::string lowercase(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string complaint_subject(long long id) {
  return "complaint:" + std::to_string(id);
}
std::string action_subject(long long id) {
  return "quality_action:" + std::to_string(id);
}

bool one_of(const std::string& v, const std::vector<std::string>& values) {
  for (const auto& x : values)
    if (x == v) return true;
  return false;
}

std::string euros(long long cents) {
  std::string s = std::to_string(cents / 100);
  if (cents % 100) s += "," + std::string(cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
  return s + "\u00A0€";
}

}  // namespace

std::string Service::t(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params) const {
  return catalogue_.t("fr", key, params);
}

std::vector<Choice> Service::organisers() {
  return db_.read([&](soci::session& sql) { return repo_.organisers(sql); });
}
std::vector<Choice> Service::programmes() {
  return db_.read([&](soci::session& sql) { return repo_.programmes(sql); });
}
std::vector<Choice> Service::sessions() {
  return db_.read([&](soci::session& sql) { return repo_.sessions(sql); });
}
std::vector<Choice> Service::members(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.members(sql, scope); });
}
std::vector<Choice> Service::complaint_choices(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.complaint_choices(sql, scope); });
}
std::vector<Choice> Service::dropout_choices(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.dropout_choices(sql, scope); });
}

Outcome Service::file_complaint(const Actor& actor, const ComplaintInput& raw) {
  ComplaintInput in = raw;
  in.name = trim(in.name);
  in.email = trim(in.email);
  in.subject = trim(in.subject);
  in.body = trim(in.body);
  if (in.name.empty() || in.name.size() > 200) return Outcome::failure("quality.errors.name", "name");
  if (!plausible_email(in.email) || in.email.size() > 254) return Outcome::failure("quality.errors.email", "email");
  if (!one_of(in.kind, complainant_kinds())) return Outcome::failure("quality.errors.kind", "kind");
  if (in.subject.empty() || in.subject.size() > 200) return Outcome::failure("quality.errors.subject", "subject");
  if (in.body.empty() || in.body.size() > 10000) return Outcome::failure("quality.errors.body", "body");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    bool organiser = false;
    for (const auto& o : repo_.organisers(sql)) organiser = organiser || o.id == in.organisation_id;
    if (!organiser) return Outcome::failure("quality.errors.organisation", "organisation");
    if (in.session_id != 0) {
      long long programme = repo_.programme_of_session(sql, in.session_id);
      if (programme == 0 || (in.programme_id != 0 && programme != in.programme_id))
        return Outcome::failure("quality.errors.session", "session");
      in.programme_id = programme;
    }
    if (in.programme_id != 0 && programmes::organiser_of_programme(sql, in.programme_id) != in.organisation_id)
      return Outcome::failure("quality.errors.programme", "programme");
    // Counted per address and per IP (each checked and counted in one statement) once the form is
    // valid, in the transaction that sends the acknowledgment.
    if (!store::take_rates(sql,
                           {{"complaint:ip:" + actor.ip, kPerIp, 3600},
                            {"complaint:email:" + lowercase(in.email), kPerAddress, 86400}},
                           now)) {
      audit_.record(sql, actor, "quality.complaint_rate_limited", "", in.email);
      return Outcome::limited("quality.errors.rate_limited");
    }
    long long days = store::setting_int(sql, "quality.complaint_answer_days", 15);
    long long due = now + days * 86400;
    long long id = repo_.insert_complaint(sql, in, now, due);
    std::string organiser_name = repo_.organisation_name(sql, in.organisation_id);
    std::vector<std::pair<std::string, std::string>> p{
        {"name", in.name},
        {"subject", in.subject},
        {"organiser", organiser_name},
        {"number", std::to_string(id)},
        {"due", format_local(due, "%d/%m/%Y")},
        {"url", public_url_ + "/formations/reclamations/" + std::to_string(id)}};
    // The address is not verified: its acknowledgment holds nothing typed in the form (no name, no
    // subject), only the organiser, the number, the date received and the answer's due date.
    std::vector<std::pair<std::string, std::string>> ack{{"organiser", organiser_name},
                                                         {"number", std::to_string(id)},
                                                         {"received", format_local(now, "%d/%m/%Y")},
                                                         {"due", format_local(due, "%d/%m/%Y")}};
    mail_.enqueue(sql, in.email, t("quality.mail.ack_subject", ack), t("quality.mail.ack_body", ack));
    for (const auto& email : repo_.staff_emails(sql, in.organisation_id))
      mail_.enqueue(sql, email, t("quality.mail.new_subject", p), t("quality.mail.new_body", p));
    audit_.record(sql, actor, "quality.complaint_filed", complaint_subject(id),
                  organiser_name + " — " + in.kind + " — " + in.subject);
    return Outcome::success(id);
  });
}

std::vector<Complaint> Service::complaints(const ActingFor& scope, const ComplaintFilter& f, long long offset,
                                           long long limit, long long& total) {
  long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) {
    total = repo_.count_complaints(sql, scope, f, now);
    return repo_.complaints(sql, scope, f, now, offset, limit);
  });
}

std::vector<Complaint> Service::due_complaints(const ActingFor& scope, long long limit, long long& total) {
  if (scope.none()) {
    total = 0;
    return {};
  }
  return db_.read([&](soci::session& sql) {
    total = repo_.count_due_complaints(sql, scope);
    return repo_.due_complaints(sql, scope, limit);
  });
}

std::optional<Complaint> Service::complaint(const ActingFor& scope, long long id) {
  auto c = db_.read([&](soci::session& sql) { return repo_.find_complaint(sql, id); });
  if (!c || !scope.covers(c->organisation_id)) return std::nullopt;
  return c;
}

Outcome Service::assign(const Actor& actor, const Complaint& c, long long user_id) {
  return db_.write([&](soci::session& sql) {
    if (user_id == 0 || !repo_.is_member(sql, c.organisation_id, user_id))
      return Outcome::failure("quality.errors.assignee", "assignee");
    if (!repo_.assign(sql, c.id, user_id)) return Outcome::failure("quality.errors.finished", "assignee");
    std::vector<std::pair<std::string, std::string>> p{
        {"subject", c.subject},
        {"number", std::to_string(c.id)},
        {"due", format_local(c.due_at, "%d/%m/%Y")},
        {"url", public_url_ + "/formations/reclamations/" + std::to_string(c.id)}};
    std::string email = repo_.user_email(sql, user_id);
    if (!email.empty())
      mail_.enqueue(sql, email, t("quality.mail.assigned_subject", p), t("quality.mail.assigned_body", p));
    audit_.record(sql, actor, "quality.complaint_assigned", complaint_subject(c.id), "user:" + std::to_string(user_id));
    return Outcome::success(c.id);
  });
}

Outcome Service::answer(const Actor& actor, const Complaint& c, const std::string& raw) {
  std::string text = trim(raw);
  if (text.empty() || text.size() > 10000) return Outcome::failure("quality.errors.answer", "answer");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    if (!repo_.answer(sql, c.id, text, now)) return Outcome::failure("quality.errors.finished", "answer");
    std::vector<std::pair<std::string, std::string>> p{{"name", c.complainant_name},
                                                       {"subject", c.subject},
                                                       {"organiser", c.organisation_name},
                                                       {"number", std::to_string(c.id)},
                                                       {"answer", text}};
    mail_.enqueue(sql, c.complainant_email, t("quality.mail.answer_subject", p), t("quality.mail.answer_body", p));
    audit_.record(sql, actor, "quality.complaint_answered", complaint_subject(c.id),
                  now <= c.due_at ? "dans le délai" : "hors délai");
    return Outcome::success(c.id);
  });
}

Outcome Service::close(const Actor& actor, const Complaint& c, const std::string& raw) {
  std::string note = trim(raw);
  if (note.size() > 10000) return Outcome::failure("quality.errors.note", "note");
  if (note.empty() && c.status != "answered") return Outcome::failure("quality.errors.note_required", "note");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    if (!repo_.close(sql, c.id, note, now)) return Outcome::failure("quality.errors.closed", "note");
    audit_.record(sql, actor, "quality.complaint_closed", complaint_subject(c.id), note);
    return Outcome::success(c.id);
  });
}

void Service::record_export(const Actor& actor, const std::string& what, const std::string& format, long long rows) {
  audit_.record(actor, "quality." + what + "_exported", what, format + ", " + std::to_string(rows) + " ligne(s)");
}

Outcome Service::create_action(const Actor& actor, const ActingFor& scope, const ActionInput& raw) {
  ActionInput in = raw;
  in.title = trim(in.title);
  in.description = trim(in.description);
  in.due_on = trim(in.due_on);
  if (!scope.covers(in.organisation_id) || in.organisation_id == 0)
    return Outcome::failure("quality.errors.organisation", "organisation");
  if (!one_of(in.source, action_sources())) return Outcome::failure("quality.errors.source", "source");
  if (in.title.empty() || in.title.size() > 200) return Outcome::failure("quality.errors.title", "title");
  if (in.description.size() > 10000) return Outcome::failure("quality.errors.description", "description");
  if (!in.due_on.empty() && !parse_date(in.due_on)) return Outcome::failure("quality.errors.due_on", "due_on");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    if (in.source == "complaint") {
      auto c = in.complaint_id ? repo_.find_complaint(sql, in.complaint_id) : std::nullopt;
      if (!c || c->organisation_id != in.organisation_id)
        return Outcome::failure("quality.errors.complaint", "complaint");
      if (in.programme_id == 0) in.programme_id = c->programme_id;
    } else {
      in.complaint_id = 0;
    }
    if (in.source == "dropout") {
      if (in.application_id == 0 || repo_.organiser_of_application(sql, in.application_id) != in.organisation_id)
        return Outcome::failure("quality.errors.dropout", "application");
      if (in.programme_id == 0)
        in.programme_id = repo_.programme_of_session(sql, programmes::session_of_application(sql, in.application_id));
    } else {
      in.application_id = 0;
    }
    if (in.programme_id != 0 && programmes::organiser_of_programme(sql, in.programme_id) != in.organisation_id)
      return Outcome::failure("quality.errors.programme", "programme");
    if (in.owner_id != 0 && !repo_.is_member(sql, in.organisation_id, in.owner_id))
      return Outcome::failure("quality.errors.owner", "owner");
    long long id = repo_.insert_action(sql, in, now, actor.id);
    audit_.record(sql, actor, "quality.action_created", action_subject(id), in.source + " — " + in.title);
    return Outcome::success(id);
  });
}

std::optional<Action> Service::action(const ActingFor& scope, long long id) {
  auto a = db_.read([&](soci::session& sql) { return repo_.find_action(sql, id); });
  if (!a || !scope.covers(a->organisation_id)) return std::nullopt;
  return a;
}

std::vector<Action> Service::actions(const ActingFor& scope, long long offset, long long limit, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_actions(sql, scope);
    return repo_.actions(sql, scope, offset, limit);
  });
}

std::vector<Action> Service::actions_of_complaint(long long complaint_id) {
  return db_.read([&](soci::session& sql) { return repo_.actions_of_complaint(sql, complaint_id); });
}

Outcome Service::update_action(const Actor& actor, const Action& a, const std::string& status, const std::string& raw) {
  std::string result = trim(raw);
  if (!one_of(status, action_statuses())) return Outcome::failure("quality.errors.status", "status");
  if (result.size() > 10000) return Outcome::failure("quality.errors.result", "result");
  if (status == "done" && result.empty()) return Outcome::failure("quality.errors.result_required", "result");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    repo_.update_action(sql, a.id, status, result, status == "open" ? 0 : (a.done_at ? a.done_at : now));
    audit_.record(sql, actor, "quality.action_updated", action_subject(a.id), status);
    return Outcome::success(a.id);
  });
}

std::optional<ProgrammeFacts> Service::programme_facts(const ActingFor& scope, long long programme_id) {
  long long now = store::now_seconds();
  auto f = db_.read([&](soci::session& sql) { return repo_.programme_facts(sql, programme_id, now); });
  if (!f || !scope.covers(f->organiser_id)) return std::nullopt;
  return f;
}

std::vector<Indicator> Service::indicators(const ProgrammeFacts& f, const std::string& locale) {
  auto tr = [&](const std::string& key, const std::vector<std::pair<std::string, std::string>>& p = {}) {
    return catalogue_.t(locale, "quality.qualiopi.facts." + key, p);
  };
  auto n = [](long long v) { return std::to_string(v); };
  std::vector<Indicator> out;
  long long now = store::now_seconds();

  Indicator i1{"1", "quality.qualiopi.indicators.i1", {}, {}};
  (f.status == "published" ? i1.held : i1.missing)
      .push_back(tr(f.status == "published" ? "published" : "not_published"));
  if (f.price_cents > 0) i1.held.push_back(tr("price", {{"price", euros(f.price_cents)}}));
  else i1.missing.push_back(tr("no_price"));
  if (!trim(f.accessibility).empty()) i1.held.push_back(tr("accessibility"));
  else i1.missing.push_back(tr("no_accessibility"));
  if (f.applications > 0)
    i1.held.push_back(
        tr("access_delay", {{"days", n(f.delay_days_sum / f.applications)}, {"count", n(f.applications)}}));
  else i1.missing.push_back(tr("no_access_delay"));
  out.push_back(i1);

  Indicator i2{"2", "quality.qualiopi.indicators.i2", {}, {}};
  long long ended = f.completed + f.dropped_out;
  if (ended > 0) {
    i2.held.push_back(tr("completion", {{"rate", n(f.completed * 100 / ended)}, {"count", n(ended)}}));
    i2.held.push_back(tr("dropouts", {{"rate", n(f.dropped_out * 100 / ended)}}));
  } else {
    i2.missing.push_back(tr("no_results"));
  }
  i2.missing.push_back(tr("no_satisfaction"));
  out.push_back(i2);

  Indicator i4{"4", "quality.qualiopi.indicators.i4", {}, {}};
  if (f.applications > 0)
    i4.held.push_back(tr("motivations", {{"with", n(f.with_motivation)}, {"count", n(f.applications)}}));
  if (f.applications > f.with_motivation)
    i4.missing.push_back(tr("no_motivation", {{"count", n(f.applications - f.with_motivation)}}));
  if (f.interviews_done > 0) i4.held.push_back(tr("interviews", {{"count", n(f.interviews_done)}}));
  else i4.missing.push_back(tr("no_interviews"));
  out.push_back(i4);

  Indicator i5{"5", "quality.qualiopi.indicators.i5", {}, {}};
  if (!trim(f.objectives).empty()) i5.held.push_back(tr("objectives"));
  else i5.missing.push_back(tr("no_objectives"));
  out.push_back(i5);

  Indicator i6{"6", "quality.qualiopi.indicators.i6", {}, {}};
  if (f.modules > 0) i6.held.push_back(tr("modules", {{"count", n(f.modules)}}));
  else i6.missing.push_back(tr("no_modules"));
  if (!trim(f.teaching_methods).empty()) i6.held.push_back(tr("methods"));
  else i6.missing.push_back(tr("no_methods"));
  out.push_back(i6);

  Indicator i9{"9", "quality.qualiopi.indicators.i9", {}, {}};
  Indicator i10{"10–11", "quality.qualiopi.indicators.i10", {}, {}};
  Indicator i30{"30", "quality.qualiopi.indicators.i30", {}, {}};
  for (const auto& s : f.sessions) {
    bool started = s.starts_at <= now || s.status == "running" || s.status == "completed";
    long long due = s.starts_at - f.convocation_days * 86400;
    if (s.unsent_convocations > 0 && due > now)
      i9.held.push_back(tr("convocations_planned", {{"session", s.title}, {"date", format_local(due, "%d/%m/%Y")}}));
    else if (s.unsent_convocations > 0)
      i9.missing.push_back(tr("unsent_convocations", {{"session", s.title}, {"count", n(s.unsent_convocations)}}));
    else if (s.trainees > 0) i9.held.push_back(tr("convocations_sent", {{"session", s.title}}));
    if (started && s.unlocked_halfdays > 0)
      i10.missing.push_back(tr("unlocked_sheets", {{"session", s.title}, {"count", n(s.unlocked_halfdays)}}));
    else if (started) i10.held.push_back(tr("sheets_locked", {{"session", s.title}}));
    if (s.status == "completed") {
      if (s.missing_certificates > 0)
        i10.missing.push_back(tr("missing_certificates", {{"session", s.title}, {"count", n(s.missing_certificates)}}));
      i30.missing.push_back(tr("no_questionnaire", {{"session", s.title}}));
    }
  }
  if (!trim(f.evaluation_methods).empty()) i10.held.push_back(tr("evaluation"));
  else i10.missing.push_back(tr("no_evaluation"));
  if (i30.missing.empty()) i30.missing.push_back(tr("questionnaires_pending"));
  out.push_back(i9);
  out.push_back(i10);

  Indicator i26{"26", "quality.qualiopi.indicators.i26", {}, {}};
  if (f.disability_referent_id != 0) i26.held.push_back(tr("referent_named"));
  else i26.missing.push_back(tr("no_referent"));
  if (!trim(f.disability_contact).empty()) i26.held.push_back(tr("referent_contact"));
  else i26.missing.push_back(tr("no_referent_contact"));
  out.push_back(i26);
  out.push_back(i30);

  Indicator i31{"31", "quality.qualiopi.indicators.i31", {}, {}};
  i31.held.push_back(tr("complaints", {{"count", n(f.complaints)}, {"in_time", n(f.complaints_in_time)}}));
  if (f.complaints_overdue > 0) i31.missing.push_back(tr("complaints_overdue", {{"count", n(f.complaints_overdue)}}));
  out.push_back(i31);

  Indicator i32{"32", "quality.qualiopi.indicators.i32", {}, {}};
  if (f.actions > 0) i32.held.push_back(tr("actions", {{"count", n(f.actions)}, {"done", n(f.actions_done)}}));
  else i32.missing.push_back(tr("no_actions"));
  out.push_back(i32);
  return out;
}

YearFigures Service::year_figures(long long organisation_id, int year) {
  YearFigures y;
  y.year = year;
  y.organisation_id = organisation_id;
  auto rows = db_.read([&](soci::session& sql) {
    y.organisation_name = repo_.organisation_name(sql, organisation_id);
    return repo_.trainee_years(sql, organisation_id, month_start(year, 1), month_start(year + 1, 1));
  });
  std::map<std::string, FigureRow> funders, natures, lines, statuses;
  std::map<std::string, long long> products;
  for (const auto& r : rows) {
    auto& l = lines[bpf::trainee_line(r.trainee_status, r.employer_type, r.nature, r.funder)];
    ++l.trainees;
    l.minutes += r.minutes;
    auto& st = statuses[r.trainee_status.empty() ? "unknown" : r.trainee_status];
    ++st.trainees;
    st.minutes += r.minutes;
    // A line's product counts in the year for the share of the attended hours the year holds.
    for (const auto& [funder, due] : r.lines) {
      long long cents = r.all_minutes > 0 ? due * r.minutes / r.all_minutes : 0;
      products[bpf::product_line(funder, r.employer_type)] += cents;
      y.products_cents += cents;
    }
    ++y.trainees;
    y.minutes += r.minutes;
    auto& f = funders[r.funder.empty() ? "none" : r.funder];
    ++f.trainees;
    f.minutes += r.minutes;
    auto& n = natures[r.nature];
    ++n.trainees;
    n.minutes += r.minutes;
  }
  for (auto& [key, row] : funders) {
    row.key = key;
    y.by_funder.push_back(row);
  }
  for (auto& [key, row] : natures) {
    row.key = key;
    y.by_nature.push_back(row);
  }
  for (const auto& key : bpf::trainee_lines()) {
    FigureRow row = lines[key];
    row.key = key;
    y.by_bpf_line.push_back(row);
  }
  for (const auto& [key, row] : statuses) {
    FigureRow r = row;
    r.key = key;
    y.by_status.push_back(r);
  }
  for (const auto& key : bpf::product_lines()) y.products.push_back({key, products[key]});
  return y;
}

long long Service::run_due(long long now) {
  auto ids = db_.read([&](soci::session& sql) { return repo_.overdue_unnotified(sql, now); });
  long long done = 0;
  Actor system{0, "système", ""};
  for (long long id : ids) {
    done += db_.write([&](soci::session& sql) -> long long {
      if (!repo_.claim_overdue(sql, id, now)) return 0;
      auto c = repo_.find_complaint(sql, id);
      if (!c) return 0;
      std::vector<std::string> to;
      std::string assignee = c->assigned_to ? repo_.user_email(sql, c->assigned_to) : "";
      if (!assignee.empty()) to.push_back(assignee);
      else to = repo_.staff_emails(sql, c->organisation_id);
      std::vector<std::pair<std::string, std::string>> p{
          {"subject", c->subject},
          {"number", std::to_string(c->id)},
          {"due", format_local(c->due_at, "%d/%m/%Y")},
          {"url", public_url_ + "/formations/reclamations/" + std::to_string(c->id)}};
      for (const auto& email : to)
        mail_.enqueue(sql, email, t("quality.mail.overdue_subject", p), t("quality.mail.overdue_body", p));
      audit_.record(sql, system, "quality.complaint_overdue", complaint_subject(id),
                    std::to_string(to.size()) + " destinataire(s)");
      return 1;
    });
  }
  return done;
}

void Service::load_demo(const Actor& actor) {
  long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    auto [programme, organiser] =
        repo_.programme_by_title(sql, "Pouvoir d'agir et coopération à l'épreuve du territoire");
    if (organiser == 0) return;
    long long staff = repo_.user_by_email(sql, "formation@sagiterre.local");
    const std::string closed_subject = t("quality.demo.closed_subject");
    const std::string open_subject = t("quality.demo.open_subject");
    if (repo_.find_complaint_by_subject(sql, organiser, closed_subject)) return;
    ComplaintInput a{organiser,
                     programme,
                     0,
                     "trainee",
                     "Élise Martin",
                     "elise.martin@demo.trame.local",
                     closed_subject,
                     t("quality.demo.closed_body"),
                     0};
    long long received = now - 40 * 86400;
    long long id = repo_.insert_complaint(sql, a, received, received + 15 * 86400);
    if (staff) repo_.assign(sql, id, staff);
    repo_.answer(sql, id, t("quality.demo.closed_answer"), received + 6 * 86400);
    repo_.close(sql, id, t("quality.demo.closed_note"), received + 9 * 86400);
    ComplaintInput b{organiser,
                     programme,
                     0,
                     "employer",
                     "Service RH, Mairie de Rezé",
                     "rh@demo.trame.local",
                     open_subject,
                     t("quality.demo.open_body"),
                     0};
    long long open_id = repo_.insert_complaint(sql, b, now - 3 * 86400, now + 12 * 86400);
    if (staff) repo_.assign(sql, open_id, staff);
    ActionInput act{organiser,
                    programme,
                    "complaint",
                    id,
                    0,
                    t("quality.demo.action_title"),
                    t("quality.demo.action_description"),
                    staff,
                    format_local(now + 30 * 86400, "%Y-%m-%d")};
    long long action_id = repo_.insert_action(sql, act, received + 9 * 86400, actor.id);
    audit_.record(sql, actor, "quality.demo_loaded", action_subject(action_id), "2 réclamations, 1 action");
  });
}

}  // namespace trame::quality
