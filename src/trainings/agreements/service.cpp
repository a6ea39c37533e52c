#include "trainings/agreements/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/web/crypto.hpp"
#include "trainings/agreements/document.hpp"
#include "trainings/agreements/repository.hpp"
#include "trainings/agreements/rules.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::agreements {

namespace {

std::string subject_of(long long id) {
  return "training_agreement:" + std::to_string(id);
}

bool one_of(const std::string& value, const std::vector<std::string>& values) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Text typed in a field, trimmed, at most `max` bytes (else the field's error).
bool bounded(const std::string& text, std::size_t max) {
  return text.size() <= max;
}

// An id sent in a form: digits only, at most 18; 0 otherwise.
long long parse_id(const std::string& text) {
  std::string s = trim(text);
  if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return std::stoll(s);
}

}  // namespace

std::optional<programmes::SessionAccess> Service::managed_session(const Principal& me, long long session_id) {
  auto a = db_.read([&](soci::session& sql) { return programmes::session_access(sql, &me, session_id); });
  if (!a || !a->manager) return std::nullopt;
  return a;
}

std::vector<Agreement> Service::of_session(long long session_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_session(sql, session_id);
    return repo_.of_session(sql, session_id, (page - 1) * kPerPage, kPerPage);
  });
}

std::vector<Candidate> Service::candidates(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.candidates(sql, session_id); });
}

std::optional<Agreement> Service::managed(const Principal& me, long long id) {
  auto a = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!a || !managed_session(me, a->session_id)) return std::nullopt;
  return a;
}

std::vector<Version> Service::versions(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.versions(sql, id); });
}

std::optional<Version> Service::version_file(const Principal& me, long long id, long long number) {
  if (!managed(me, id)) return std::nullopt;
  return db_.read([&](soci::session& sql) { return repo_.version(sql, id, number); });
}

std::optional<std::pair<std::string, std::string>> Service::signed_file(const Principal& me, long long id) {
  auto a = managed(me, id);
  if (!a || a->upload_sha256.empty()) return std::nullopt;
  std::string bytes = db_.read([&](soci::session& sql) { return repo_.upload_data(sql, id); });
  return std::make_pair(a->upload_name, bytes);
}

// Checks the typed fields into `a`. Creating: kind and application are already set; blank party
// fields take the application's defaults (set by the caller before).
Outcome Service::parse(const AgreementInput& in, Agreement& a, bool creating) {
  const bool contract = a.kind == "contract";
  a.party_name = trim(in.party_name).empty() ? a.party_name : trim(in.party_name);
  a.party_representative = trim(in.party_representative);
  a.party_email = trim(in.party_email).empty() ? a.party_email : trim(in.party_email);
  if (a.party_name.empty() || !bounded(a.party_name, 200))
    return Outcome::failure("agreements.errors.party_name", "party_name");
  if (!contract && (a.party_representative.empty() || !bounded(a.party_representative, 200)))
    return Outcome::failure("agreements.errors.party_representative", "party_representative");
  if (!plausible_email(a.party_email) || !bounded(a.party_email, 254))
    return Outcome::failure("agreements.errors.party_email", "party_email");
  if (!trim(in.mode).empty() || !creating) {
    if (!one_of(trim(in.mode), modes())) return Outcome::failure("agreements.errors.mode", "mode");
    a.mode = trim(in.mode);
  }
  if (!trim(in.price).empty() || !creating) {
    long long cents = enrolments::parse_euros(trim(in.price));
    if (cents < 0 || cents > 100'000'000) return Outcome::failure("agreements.errors.price", "price");
    a.price_cents = cents;
  }
  std::string advance = trim(in.advance_percent);
  if (!contract) {
    a.advance_percent = 0;
  } else if (!advance.empty()) {
    if (advance.size() > 3 || !std::all_of(advance.begin(), advance.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Outcome::failure("agreements.errors.advance_percent", "advance_percent");
    long long percent = std::stoll(advance);
    if (percent > 30) return Outcome::failure("agreements.errors.advance_percent", "advance_percent");
    a.advance_percent = percent;
  }
  if (creating) return Outcome::success();
  a.title = trim(in.title);
  if (a.title.empty() || !bounded(a.title, 300)) return Outcome::failure("agreements.errors.title", "title");
  if (!one_of(trim(in.action_type), action_types()))
    return Outcome::failure("agreements.errors.action_type", "action_type");
  a.action_type = trim(in.action_type);
  long long minutes = enrolments::parse_hours(trim(in.duration));
  if (minutes <= 0 || minutes > 100000) return Outcome::failure("agreements.errors.duration", "duration");
  a.duration_minutes = minutes;
  a.objectives = trim(in.objectives);
  a.programme = trim(in.programme);
  a.place = trim(in.place);
  a.sanction = trim(in.sanction);
  a.trainers = trim(in.trainers);
  if (!bounded(a.objectives, 10000)) return Outcome::failure("agreements.errors.too_long", "objectives");
  if (!bounded(a.programme, 10000)) return Outcome::failure("agreements.errors.too_long", "programme");
  if (!bounded(a.place, 1000)) return Outcome::failure("agreements.errors.too_long", "place");
  if (!bounded(a.sanction, 5000)) return Outcome::failure("agreements.errors.too_long", "sanction");
  if (!bounded(a.trainers, 5000)) return Outcome::failure("agreements.errors.too_long", "trainers");
  return Outcome::success();
}

long long Service::make_version(soci::session& sql, const Actor& actor, const Agreement& a, long long now) {
  auto d = repo_.defaults(sql, a.session_id);
  DocumentInput in{a,
                   legal::of_organisation(sql, a.organiser_id),
                   repo_.funding(sql, a.application_id),
                   d ? d->organiser_town : "",
                   repo_.next_version_number(sql, a.id),
                   now};
  Text text = [this](const std::string& key, const web::Params& p) { return catalogue_.t("fr", key, p); };
  Version v;
  v.agreement_id = a.id;
  v.number = in.version;
  v.data = render_pdf(in, text);
  v.content = serialise_sections(sections(in, text));
  v.sha256 = web::sha256_hex(v.data);
  v.size_bytes = static_cast<long long>(v.data.size());
  v.file_name = file_name(a, v.number, text);
  v.created_at = now;
  repo_.insert_version(sql, v, actor.id);
  repo_.set_current(sql, a.id, v.number, v.sha256);
  audit_.record(sql, actor, "training_agreement.version", subject_of(a.id),
                a.kind + " v" + std::to_string(v.number) + " — " + a.trainee_name + " (sha256 " + v.sha256 + ")");
  return v.number;
}

Outcome Service::create(const Actor& actor, const Principal& me, long long session_id, const AgreementInput& in) {
  if (!managed_session(me, session_id)) return Outcome::not_found();
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) { return create_in(sql, actor, session_id, in, now); });
}

Outcome Service::create_in(soci::session& sql, const Actor& actor, long long session_id, const AgreementInput& in,
                           long long now) {
  {
    auto d = repo_.defaults(sql, session_id);
    if (!d) return Outcome::not_found();
    if (d->session_status == "cancelled" || d->session_status == "completed")
      return Outcome::failure("agreements.errors.session_closed", "kind");
    Agreement a;
    a.kind = trim(in.kind);
    if (!one_of(a.kind, kinds())) return Outcome::failure("agreements.errors.kind", "kind");
    long long application_id = parse_id(in.application);
    auto c = application_id ? repo_.candidate(sql, session_id, application_id) : std::nullopt;
    if (!c) return Outcome::failure("agreements.errors.application", "application");
    // The application's row lock: two makers of the same agreement are serialised.
    repo_.lock_application(sql, application_id);
    for (const auto& other : repo_.of_application(sql, application_id))
      if (other.kind == a.kind && other.status != "cancelled" && other.status != "withdrawn")
        return Outcome::conflict("agreements.errors.exists", "application");
    a.session_id = session_id;
    a.application_id = application_id;
    a.party_name = a.kind == "contract" ? c->name : c->organisation_name;
    a.party_email = a.kind == "contract" ? c->email : "";
    a.title = d->programme_title;
    a.objectives = d->objectives;
    a.programme = d->programme;
    a.action_type = one_of(d->nature, action_types()) ? d->nature : "action_formation";
    a.duration_minutes = d->duration_minutes;
    a.place = d->place;
    a.mode = "presentiel";
    a.sanction = t("agreements.defaults.sanction",
                   {{"methods", trim(d->evaluation_methods).empty() ? t("agreements.defaults.no_methods")
                                                                    : trim(d->evaluation_methods)}});
    a.trainers = d->trainers;
    a.price_cents = d->price_cents;
    a.advance_percent = 0;
    a.starts_at = d->starts_at;
    a.ends_at = d->ends_at;
    a.max_trainees = d->max_trainees;
    Outcome checked = parse(in, a, true);
    if (!checked.ok) return checked;
    a.id = repo_.insert(sql, a, actor.id, now);
    auto stored = repo_.find(sql, a.id);
    audit_.record(sql, actor, "training_agreement.created", subject_of(a.id),
                  a.kind + " — " + c->name + " — " + a.party_name);
    make_version(sql, actor, *stored, now);
    return Outcome::success(a.id);
  }
}

Outcome Service::edit(const Actor& actor, const Principal& me, long long id, const AgreementInput& in) {
  auto current = managed(me, id);
  if (!current) return Outcome::not_found();
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.find(sql, id);
    if (!a) return Outcome::not_found();
    if (a->status != "draft" && a->status != "sent") return Outcome::conflict("agreements.errors.not_editable");
    Agreement changed = *a;
    Outcome checked = parse(in, changed, false);
    if (!checked.ok) return checked;
    if (auto d = repo_.defaults(sql, a->session_id)) {
      changed.starts_at = d->starts_at;
      changed.ends_at = d->ends_at;
      changed.max_trainees = d->max_trainees;
    }
    auto same = [](const Agreement& x, const Agreement& y) {
      return x.party_name == y.party_name && x.party_representative == y.party_representative &&
             x.party_email == y.party_email && x.title == y.title && x.objectives == y.objectives &&
             x.programme == y.programme && x.action_type == y.action_type && x.duration_minutes == y.duration_minutes &&
             x.place == y.place && x.mode == y.mode && x.sanction == y.sanction && x.trainers == y.trainers &&
             x.price_cents == y.price_cents && x.advance_percent == y.advance_percent && x.starts_at == y.starts_at &&
             x.ends_at == y.ends_at && x.max_trainees == y.max_trainees;
    };
    if (same(*a, changed)) return Outcome::failure("agreements.errors.unchanged", "title");
    if (!repo_.update_content(sql, changed, now)) return Outcome::conflict("agreements.errors.not_editable");
    long long number = make_version(sql, actor, changed, now);
    return Outcome::success(number);
  });
}

Outcome Service::send(const Actor& actor, const Principal& me, long long id) {
  if (!managed(me, id)) return Outcome::not_found();
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) { return send_in(sql, actor, id, now); });
}

Outcome Service::send_in(soci::session& sql, const Actor& actor, long long id, long long now) {
  {
    auto a = repo_.find(sql, id);
    if (!a) return Outcome::not_found();
    if (a->status != "draft" && a->status != "sent") return Outcome::conflict("agreements.errors.not_sendable");
    auto v = repo_.version(sql, id, a->current_version);
    if (!v) return Outcome::conflict("agreements.errors.not_sendable");
    const std::string token = web::random_token(24);
    web::Params p{{"party", a->party_name},
                  {"document", t("agreements.kinds." + a->kind)},
                  {"programme", a->programme_title},
                  {"session", a->session_title},
                  {"trainee", a->trainee_name},
                  {"organiser", a->organiser_name},
                  {"version", std::to_string(v->number)},
                  {"sha256", v->sha256},
                  {"url", public_url_ + "/conventions/" + token}};
    std::string body = t("agreements.mail.body", p);
    if (a->kind == "contract") body += "\n\n" + t("agreements.mail.withdrawal");
    long long outbox = mail_.enqueue(sql, a->party_email, t("agreements.mail.subject", p), body,
                                     mail::Attachment{v->file_name, "application/pdf", v->data});
    repo_.mark_version_sent(sql, v->id, outbox, a->party_email, now);
    if (!repo_.mark_sent(sql, id, web::sha256_hex(token), now))
      roll_back(Outcome::conflict("agreements.errors.not_sendable"));
    audit_.record(sql, actor, "training_agreement.sent", subject_of(id),
                  a->kind + " v" + std::to_string(v->number) + " → " + a->party_email + " (outbox " +
                      std::to_string(outbox) + ")");
    return Outcome::success(v->number);
  }
}

Outcome Service::upload_signed(const Actor& actor, const Principal& me, long long id, const std::string& signer,
                               const std::string& signed_on, const std::string& client_name, const std::string& bytes) {
  auto current = managed(me, id);
  if (!current) return Outcome::not_found();
  const long long now = store::now_seconds();
  std::string name = trim(signer);
  if (name.empty() || name.size() > 200) return Outcome::failure("agreements.errors.signer_name", "signer_name");
  auto day = parse_date(signed_on);
  if (!day || iso_date(*day) > local_day(now) || iso_date(*day) < local_day(current->created_at))
    return Outcome::failure("agreements.errors.signed_on", "signed_on");
  if (bytes.empty()) return Outcome::failure("agreements.errors.file_missing", "signed_file");
  if (bytes.size() > 10 * 1024 * 1024) return Outcome::failure("agreements.errors.file_too_large", "signed_file");
  auto upload = docs::identify_upload(bytes, client_name, {docs::kPdf});
  if (!upload) return Outcome::failure("agreements.errors.file_type", "signed_file");
  const long long signed_at = iso_date(*day) == local_day(now) ? now : local_time(*day, "12:00");
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.find(sql, id);
    if (!a) return Outcome::not_found();
    if (a->status == "signed" || a->status == "withdrawn") return Outcome::conflict("agreements.errors.already_signed");
    if (a->status == "cancelled") return Outcome::conflict("agreements.errors.cancelled");
    const std::string sha = web::sha256_hex(bytes);
    const long long ends = a->kind == "contract" ? withdrawal_end(signed_at) : 0;
    if (!repo_.sign_upload(sql, id, name, upload->name, bytes, sha, signed_at, ends, actor.id, now))
      return Outcome::conflict("agreements.errors.already_signed");
    audit_.record(sql, actor, "training_agreement.signed_upload", subject_of(id),
                  a->kind + " v" + std::to_string(a->current_version) + " signé par " + name + " le " + iso_date(*day) +
                      " (fichier sha256 " + sha + ")");
    return Outcome::success(id);
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long id, const std::string& reason) {
  if (!managed(me, id)) return Outcome::not_found();
  std::string why = trim(reason);
  if (why.empty() || why.size() > 1000) return Outcome::failure("agreements.errors.cancel_reason", "reason");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.find(sql, id);
    if (!a) return Outcome::not_found();
    if (!repo_.cancel(sql, id, why, now)) return Outcome::conflict("agreements.errors.not_cancellable");
    audit_.record(sql, actor, "training_agreement.cancelled", subject_of(id), a->kind + " — " + why);
    return Outcome::success(id);
  });
}

Outcome Service::record_withdrawal(const Actor& actor, const Principal& me, long long id,
                                   const std::string& letter_sent_on) {
  auto current = managed(me, id);
  if (!current) return Outcome::not_found();
  const long long now = store::now_seconds();
  auto day = parse_date(letter_sent_on);
  if (!day || iso_date(*day) > local_day(now) || (current->signed_at && iso_date(*day) < local_day(current->signed_at)))
    return Outcome::failure("agreements.errors.letter_sent_on", "letter_sent_on");
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.find(sql, id);
    if (!a) return Outcome::not_found();
    if (a->kind != "contract") return Outcome::conflict("agreements.errors.not_a_contract");
    if (a->status == "withdrawn") return Outcome::conflict("agreements.errors.already_withdrawn");
    if (a->status != "signed") return Outcome::conflict("agreements.errors.not_signed");
    // The letter counts from the day it was sent: that day must be within the period.
    if (day_start(*day) >= a->withdrawal_ends_at)
      return Outcome::failure("agreements.errors.letter_too_late", "letter_sent_on");
    const long long at = iso_date(*day) == local_day(now) ? now : local_time(*day, "12:00");
    if (!repo_.withdraw_by_letter(sql, id, at, actor.id, now)) return Outcome::conflict("agreements.errors.not_signed");
    audit_.record(sql, actor, "training_agreement.withdrawn", subject_of(id),
                  "rétractation par lettre recommandée envoyée le " + iso_date(*day) + " — " + a->party_name);
    return Outcome::success(id);
  });
}

std::optional<Agreement> Service::by_token(const std::string& token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  return db_.read([&](soci::session& sql) { return repo_.find_by_token_hash(sql, web::sha256_hex(token)); });
}

std::optional<Version> Service::current_version(const Agreement& a) {
  return db_.read([&](soci::session& sql) { return repo_.version(sql, a.id, a.current_version); });
}

Outcome Service::sign(const Actor& actor, const std::string& token, const std::string& name, bool approved,
                      const std::string& sha256, const std::string& user_agent) {
  if (token.empty() || token.size() > 100) return Outcome::not_found();
  const std::string hash = web::sha256_hex(token);
  std::string signer = trim(name);
  if (signer.empty() || signer.size() > 200) return Outcome::failure("agreements.errors.signer_name", "signer_name");
  if (!approved) return Outcome::failure("agreements.errors.approved", "approved");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.find_by_token_hash(sql, hash);
    if (!a) return Outcome::not_found();
    if (a->status == "cancelled") return Outcome::conflict("agreements.errors.cancelled");
    if (a->status == "signed" || a->status == "withdrawn") return Outcome::conflict("agreements.errors.already_signed");
    if (trim(sha256) != a->current_sha256) return Outcome::conflict("agreements.errors.altered");
    const long long ends = a->kind == "contract" ? withdrawal_end(now) : 0;
    if (!repo_.sign_online(sql, a->id, a->current_sha256, signer, actor.ip, user_agent.substr(0, 500), now, ends)) {
      auto again = repo_.find(sql, a->id);
      if (again && again->status == "cancelled") return Outcome::conflict("agreements.errors.cancelled");
      if (again && again->current_sha256 != a->current_sha256) return Outcome::conflict("agreements.errors.altered");
      return Outcome::conflict("agreements.errors.already_signed");
    }
    audit_.record(sql, actor, "training_agreement.signed_online", subject_of(a->id),
                  a->kind + " v" + std::to_string(a->current_version) + " signé en ligne par " + signer + " (sha256 " +
                      a->current_sha256 + ")");
    return Outcome::success(a->id);
  });
}

Outcome Service::withdraw(const Actor& actor, const std::string& token, bool confirmed) {
  if (token.empty() || token.size() > 100) return Outcome::not_found();
  const std::string hash = web::sha256_hex(token);
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.find_by_token_hash(sql, hash);
    if (!a || a->kind != "contract") return Outcome::not_found();
    if (a->status == "withdrawn") return Outcome::conflict("agreements.errors.already_withdrawn");
    if (a->status != "signed") return Outcome::conflict("agreements.errors.not_signed");
    if (now >= a->withdrawal_ends_at) return Outcome::conflict("agreements.errors.withdrawal_over");
    if (!confirmed) return Outcome::failure("agreements.errors.confirm", "confirm");
    if (!repo_.withdraw(sql, a->id, now, actor.ip)) return Outcome::conflict("agreements.errors.withdrawal_over");
    audit_.record(sql, actor, "training_agreement.withdrawn", subject_of(a->id),
                  "rétractation en ligne — " + a->party_name);
    return Outcome::success(a->id);
  });
}

long long Service::run_due(long long) {
  return 0;
}

std::vector<training_documents::StoredFile> files_for(soci::session& sql, long long application_id) {
  Repository repo;
  std::vector<training_documents::StoredFile> out;
  for (const auto& a : repo.of_application(sql, application_id)) {
    if (a.status == "cancelled") continue;
    long long number = a.signed_version ? a.signed_version : a.current_version;
    auto v = repo.version(sql, a.id, number);
    if (!v) continue;
    training_documents::StoredFile f;
    f.kind = a.kind == "contract" ? "contract" : "agreement";
    if (a.signature_kind == "upload") {
      f.data = repo.upload_data(sql, a.id);
      f.sha256 = a.upload_sha256;
      std::string base = v->file_name.size() > 4 ? v->file_name.substr(0, v->file_name.size() - 4) : v->file_name;
      f.file_name = base + "-signe.pdf";
      f.created_at = a.signed_at;
    } else {
      f.data = v->data;
      f.sha256 = v->sha256;
      f.file_name = v->file_name;
      f.created_at = v->created_at;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<long long> payment_allowed_from(soci::session& sql, long long application_id) {
  Repository repo;
  // The newest contract that is not cancelled decides.
  for (const auto& a : repo.of_application(sql, application_id)) {
    if (a.kind != "contract" || a.status == "cancelled") continue;
    if (a.status == "signed") return a.withdrawal_ends_at;
    return kNoPayment;  // draft, sent (unsigned) or withdrawn
  }
  return std::nullopt;
}

}  // namespace trame::agreements
