#include "trainings/quotes/service.hpp"

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "trainings/enrolments/model.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/quotes/pdf.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::quotes {

namespace {

std::string subject_of(long long id) {
  return "training_quote:" + std::to_string(id);
}

long long parse_number(const std::string& text) {
  std::string t = trim(text);
  if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(t);
}

}  // namespace

std::optional<programmes::SessionAccess> Service::access(const Principal* me, long long session_id) {
  return db_.read([&](soci::session& sql) { return programmes::session_access(sql, me, session_id); });
}

std::vector<Applicant> Service::applicants(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.applicants(sql, session_id); });
}

std::optional<Training> Service::training(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.training(sql, session_id); });
}

std::vector<Quote> Service::of_session(long long session_id, long long page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_session(sql, session_id);
    return repo_.of_session(sql, session_id, (page - 1) * kPerPage, kPerPage);
  });
}

Version Service::build(soci::session& sql, const Quote& q, const Training& t, const Applicant& a, const QuoteInput& in,
                       long long version, long long actor_id, long long now) {
  Version v;
  v.quote_id = q.id;
  v.version = version;
  v.party_kind = in.party_kind;
  if (v.party_kind != "person" && v.party_kind != "employer") refuse("quotes.errors.party_kind", "party_kind");
  bool person = v.party_kind == "person";
  v.party_name = trim(in.party_name);
  if (v.party_name.empty()) v.party_name = person ? a.name : a.organisation_name;
  if (v.party_name.empty()) refuse("quotes.errors.party_name", "party_name");
  if (code_points(v.party_name) > 200) refuse("quotes.errors.party_name_long", "party_name");
  v.party_address = trim(in.party_address);
  if (v.party_address.empty() && !person) v.party_address = a.organisation_address;
  if (code_points(v.party_address) > 500) refuse("quotes.errors.party_address_long", "party_address");
  v.party_email = trim(in.party_email);
  if (v.party_email.empty()) v.party_email = person ? a.email : a.organisation_email;
  if (v.party_email.empty() || v.party_email.size() > 254 || !plausible_email(v.party_email))
    refuse("quotes.errors.party_email", "party_email");

  long long price = trim(in.unit_price).empty() ? t.price_cents : enrolments::parse_euros(in.unit_price);
  if (price < 0) refuse("quotes.errors.unit_price", "unit_price");
  if (price == 0) refuse("quotes.errors.unit_price_zero", "unit_price");
  long long quantity = parse_quantity(in.quantity, 1);
  if (quantity < 0) refuse("quotes.errors.quantity", "quantity");
  Line training;
  training.position = 1;
  training.label = t.programme_title + " — " + t.session_title;
  training.detail = catalogue_.t("fr", "quotes.pdf.line_detail",
                                 {{"from", training_documents::french_date(t.starts_at)},
                                  {"to", training_documents::french_date(t.ends_at)},
                                  {"hours", training_documents::french_hours(t.planned_minutes)}});
  training.unit_price_cents = price;
  training.quantity = quantity;
  training.total_cents = line_total(training);
  v.lines.push_back(training);
  std::string extra_label = trim(in.extra_label);
  if (!extra_label.empty() || !trim(in.extra_price).empty()) {
    if (extra_label.empty() || code_points(extra_label) > 200) refuse("quotes.errors.extra_label", "extra_label");
    long long extra_price = enrolments::parse_euros(in.extra_price);
    if (extra_price <= 0) refuse("quotes.errors.extra_price", "extra_price");
    long long extra_quantity = parse_quantity(in.extra_quantity, 1);
    if (extra_quantity < 0) refuse("quotes.errors.quantity", "extra_quantity");
    Line extra;
    extra.position = 2;
    extra.label = extra_label;
    extra.unit_price_cents = extra_price;
    extra.quantity = extra_quantity;
    extra.total_cents = line_total(extra);
    v.lines.push_back(extra);
  }

  std::string today = local_day(now);
  if (trim(in.valid_until).empty()) {
    v.valid_until = add_days(today, store::setting_int(sql, "trainings.quote_validity_days", 30));
  } else {
    auto d = parse_date(in.valid_until);
    if (!d) refuse("quotes.errors.valid_until", "valid_until");
    v.valid_until = iso_date(*d);
    if (v.valid_until < today) refuse("quotes.errors.valid_until_past", "valid_until");
    if (v.valid_until > add_days(today, 366)) refuse("quotes.errors.valid_until_far", "valid_until");
  }
  v.funding = trim(in.funding);
  if (v.funding == "intended") v.funding = a.funding_intended;
  if (!v.funding.empty() && !is_one_of(v.funding, enrolments::funders())) refuse("quotes.errors.funding", "funding");

  auto legal = legal::of_organisation(sql, t.organiser_id);
  v.vat_exempt = !legal || legal->vat_exempt;
  v.vat_rate_per_mille = v.vat_exempt ? 0 : legal->vat_rate_per_mille;
  v.totals = totals_of(v.lines, v.vat_exempt, v.vat_rate_per_mille);
  v.created_at = now;
  v.created_by = actor_id;

  PdfInput pin{q, v, t.organiser_name, a.name, t.programme_title, t.session_title, "", "", {}};
  if (!v.funding.empty()) pin.funding_label = catalogue_.t("fr", "quotes.funders." + v.funding);
  if (legal) {
    pin.vat_mention = legal::vat_mention(*legal);
    for (const auto& line : legal::document_lines(*legal))
      if (line != pin.vat_mention) pin.legal_lines.push_back(line);
  }
  Text text = [this](const std::string& key, const web::Params& p) { return catalogue_.t("fr", key, p); };
  v.data = render_pdf(pin, text);
  v.sha256 = web::sha256_hex(v.data);
  v.size_bytes = static_cast<long long>(v.data.size());
  v.file_name = version_file_name(q.number, version);
  return v;
}

Outcome Service::make(const Actor& actor, const Principal& me, long long session_id, const QuoteInput& in) {
  auto access = this->access(&me, session_id);
  if (!access || !access->manager) return Outcome::not_found();
  return make_at(actor, session_id, in, store::now_seconds());
}

Outcome Service::make_at(const Actor& actor, long long session_id, const QuoteInput& in, long long now) {
  return db_.attempt([&](soci::session& sql) {
    auto t = repo_.training(sql, session_id);
    if (!t) roll_back(Outcome::not_found());
    if (t->status == "cancelled") refuse("quotes.errors.session_cancelled", "application");
    auto a = repo_.applicant(sql, parse_number(in.application));
    if (!a || a->session_id != session_id || a->status == "refused" || a->status == "withdrawn")
      refuse("quotes.errors.application", "application");
    Quote q;
    q.organisation_id = t->organiser_id;
    q.session_id = session_id;
    q.application_id = a->application_id;
    q.status = "draft";
    q.created_at = now;
    long long year = local_date(now).year;
    q.number = quote_number(year, repo_.next_sequence(sql, t->organiser_id, year));
    Version v = build(sql, q, *t, *a, in, 1, actor.id, now);  // refuses before anything is kept
    q.id = repo_.insert_quote(sql, q, actor.id);
    v.quote_id = q.id;
    repo_.insert_version(sql, v);
    audit_.record(sql, actor, "training_quote.made", subject_of(q.id),
                  q.number + " — " + a->name + " → " + v.party_name + " (" +
                      enrolments::format_euros(v.totals.total_cents) + ", sha256 " + v.sha256 + ")");
    return Outcome::success(q.id);
  });
}

std::optional<Quote> Service::managed(soci::session& sql, const Principal* me, long long quote_id) {
  auto q = repo_.find(sql, quote_id);
  if (!q || !me) return q;  // no principal: the system (demo data)
  auto a = programmes::session_access(sql, me, q->session_id);
  if (!a || !a->manager) return std::nullopt;
  return q;
}

Outcome Service::revise(const Actor& actor, const Principal& me, long long quote_id, const QuoteInput& in) {
  return revise_at(actor, &me, quote_id, in, store::now_seconds());
}

Outcome Service::revise_at(const Actor& actor, const Principal* me, long long quote_id, const QuoteInput& in,
                           long long now) {
  return db_.attempt([&](soci::session& sql) {
    auto q = managed(sql, me, quote_id);
    if (!q) roll_back(Outcome::not_found());
    if (!is_one_of(q->status, {"draft", "sent", "expired"}))
      roll_back(Outcome::conflict("quotes.errors.not_revisable"));
    auto t = repo_.training(sql, q->session_id);
    auto a = repo_.applicant(sql, q->application_id);
    if (!t || !a) roll_back(Outcome::not_found());
    long long next = q->current_version + 1;
    Version v = build(sql, *q, *t, *a, in, next, actor.id, now);
    // The conditional update takes the quote's row: two changes at once make one version each, in turn.
    if (!repo_.revise(sql, quote_id, q->current_version, next, now))
      roll_back(Outcome::conflict("quotes.errors.changed"));
    repo_.supersede(sql, quote_id, q->current_version, now);
    repo_.insert_version(sql, v);
    audit_.record(sql, actor, "training_quote.revised", subject_of(quote_id),
                  q->number + " v" + std::to_string(next) + " (" + enrolments::format_euros(v.totals.total_cents) +
                      ", sha256 " + v.sha256 + ")");
    return Outcome::success(quote_id);
  });
}

long long Service::send_in(soci::session& sql, const Actor& actor, const Quote& q, long long now) {
  auto v = repo_.version(sql, q.id, q.current_version, true);
  if (!v) roll_back(Outcome::not_found());
  if (expired_on(v->valid_until, local_day(now))) roll_back(Outcome::conflict("quotes.errors.send_expired"));
  auto t = repo_.training(sql, q.session_id);
  if (!t) roll_back(Outcome::not_found());
  std::string token = web::random_token(32);
  repo_.insert_link(sql, q.id, v->version, web::sha256_hex(token), now);
  web::Params p{{"name", v->party_name},
                {"number", q.number},
                {"version", std::to_string(v->version)},
                {"programme", t->programme_title},
                {"session", t->session_title},
                {"trainee", q.trainee_name},
                {"total", enrolments::format_euros(v->totals.total_cents)},
                {"valid_until", training_documents::french_day(v->valid_until)},
                {"organiser", t->organiser_name},
                {"url", public_url_ + "/devis/" + token}};
  mail::Attachment file{v->file_name, "application/pdf", v->data};
  long long outbox = mail_.enqueue(sql, v->party_email, catalogue_.t("fr", "quotes.mail.subject", p),
                                   catalogue_.t("fr", "quotes.mail.body", p), file);
  repo_.mark_sent(sql, v->id, outbox, v->party_email, now);
  if (!repo_.set_sent(sql, q.id, q.current_version, now)) roll_back(Outcome::conflict("quotes.errors.changed"));
  audit_.record(sql, actor, "training_quote.sent", subject_of(q.id),
                q.number + " v" + std::to_string(v->version) + " → " + v->party_email + " (outbox " +
                    std::to_string(outbox) + ")");
  return outbox;
}

Outcome Service::send(const Actor& actor, const Principal& me, long long quote_id) {
  return send_at(actor, &me, quote_id, store::now_seconds());
}

Outcome Service::send_at(const Actor& actor, const Principal* me, long long quote_id, long long now) {
  return db_.attempt([&](soci::session& sql) {
    auto q = managed(sql, me, quote_id);
    if (!q) roll_back(Outcome::not_found());
    if (!is_one_of(q->status, {"draft", "sent"})) roll_back(Outcome::conflict("quotes.errors.not_sendable"));
    send_in(sql, actor, *q, now);
    return Outcome::success(quote_id);
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long quote_id) {
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto q = managed(sql, &me, quote_id);
    if (!q) roll_back(Outcome::not_found());
    if (!repo_.cancel(sql, quote_id, actor.id, now)) roll_back(Outcome::conflict("quotes.errors.not_cancellable"));
    audit_.record(sql, actor, "training_quote.cancelled", subject_of(quote_id), q->number);
    return Outcome::success(quote_id);
  });
}

Outcome Service::accept_in(soci::session& sql, const Actor& actor, long long quote_id, const std::string& name,
                           const std::string& shown_sha256, const std::string& day, const std::string& note,
                           long long now) {
  auto q = repo_.find(sql, quote_id);
  if (!q) return Outcome::not_found();
  bool staff = !day.empty();
  if (q->status == "cancelled") return Outcome::conflict("quotes.errors.cancelled");
  if (q->status == "accepted") return Outcome::conflict("quotes.errors.already_accepted");
  if (q->status == "declined") return Outcome::conflict("quotes.errors.already_declined");
  auto v = repo_.version(sql, quote_id, q->current_version, false);
  if (!v) return Outcome::not_found();
  std::string today = local_day(now);
  if (!staff) {
    if (shown_sha256 != v->sha256) return Outcome::conflict("quotes.errors.modified");
    if (q->status == "expired" || expired_on(v->valid_until, today)) return Outcome::conflict("quotes.errors.expired");
    if (q->status != "sent") return Outcome::conflict("quotes.errors.not_sent");
  } else if (expired_on(v->valid_until, day) && trim(note).empty()) {
    return Outcome::failure("quotes.errors.after_validity_note", "note");
  }
  std::string ip = staff ? "" : actor.ip;
  long long by = staff ? actor.id : 0;
  if (!repo_.accept(sql, quote_id, *v, name, ip, by, day, note, staff, now))
    return Outcome::conflict("quotes.errors.already_accepted");
  audit_.record(sql, actor, staff ? "training_quote.marked_accepted" : "training_quote.accepted", subject_of(quote_id),
                q->number + " v" + std::to_string(v->version) + " — " + name + (staff ? " (" + day + ")" : "") +
                    " sha256 " + v->sha256);
  return Outcome::success(quote_id);
}

Outcome Service::mark_accepted(const Actor& actor, const Principal& me, long long quote_id, const std::string& day,
                               const std::string& note) {
  long long now = store::now_seconds();
  auto d = parse_date(day);
  std::string trimmed = trim(note);
  return db_.attempt([&](soci::session& sql) {
    auto q = managed(sql, &me, quote_id);
    if (!q) roll_back(Outcome::not_found());
    if (!d) refuse("quotes.errors.accepted_day", "day");
    std::string iso = iso_date(*d);
    if (iso > local_day(now)) refuse("quotes.errors.accepted_day_future", "day");
    if (code_points(trimmed) > 1000) refuse("quotes.errors.note_long", "note");
    std::string name = repo_.user_name(sql, actor.id);
    auto outcome = accept_in(sql, actor, quote_id, name, "", iso, trimmed, now);
    if (!outcome.ok) roll_back(outcome);
    return outcome;
  });
}

std::optional<QuoteView> Service::view(const Principal& me, long long quote_id) {
  auto v = db_.read([&](soci::session& sql) -> std::optional<QuoteView> {
    auto q = managed(sql, &me, quote_id);
    if (!q) return std::nullopt;
    QuoteView out;
    out.quote = *q;
    out.versions = repo_.versions(sql, quote_id);
    if (q->accepted_by) out.accepted_by_name = repo_.user_name(sql, q->accepted_by);
    return out;
  });
  if (!v) return v;
  for (const auto& version : v->versions) {
    std::optional<mail::Message> m;
    if (version.outbox_id) m = mail_.find(version.outbox_id);
    v->proofs.push_back(m);
  }
  return v;
}

std::optional<Version> Service::version_pdf(const Principal& me, long long quote_id, long long number) {
  return db_.read([&](soci::session& sql) -> std::optional<Version> {
    if (!managed(sql, &me, quote_id)) return std::nullopt;
    return repo_.version(sql, quote_id, number, true);
  });
}

void Service::record_download(const Actor& actor, long long quote_id, const Version& v) {
  audit_.record(actor, "training_quote.downloaded", subject_of(quote_id), v.file_name);
}

std::optional<PublicView> Service::by_token(const std::string& token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<PublicView> {
    long long id = repo_.quote_of_token(sql, web::sha256_hex(token));
    if (!id) return std::nullopt;
    auto q = repo_.find(sql, id);
    if (!q) return std::nullopt;
    long long shown = repo_.last_sent_version(sql, id);
    auto s = repo_.version(sql, id, shown ? shown : q->current_version, false);
    auto c = repo_.version(sql, id, q->current_version, false);
    if (!s || !c) return std::nullopt;
    return PublicView{*q, *s, *c};
  });
}

std::optional<Version> Service::public_pdf(const std::string& token) {
  auto v = by_token(token);
  if (!v) return std::nullopt;
  return db_.read([&](soci::session& sql) { return repo_.version(sql, v->quote.id, v->shown.version, true); });
}

Outcome Service::accept_online(const Actor& actor, const std::string& token, const std::string& name, bool agreed,
                               const std::string& shown_sha256) {
  if (token.empty() || token.size() > 100) return Outcome::not_found();
  std::string who = trim(name);
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    long long id = repo_.quote_of_token(sql, web::sha256_hex(token));
    if (!id) roll_back(Outcome::not_found());
    if (who.empty()) refuse("quotes.errors.accept_name", "name");
    if (code_points(who) > 200) refuse("quotes.errors.accept_name_long", "name");
    if (!agreed) refuse("quotes.errors.accept_agree", "agree");
    auto outcome = accept_in(sql, actor, id, who, shown_sha256, "", "", now);
    if (!outcome.ok) roll_back(outcome);
    return outcome;
  });
}

Outcome Service::decline_online(const Actor& actor, const std::string& token, const std::string& reason) {
  if (token.empty() || token.size() > 100) return Outcome::not_found();
  std::string why = trim(reason);
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    long long id = repo_.quote_of_token(sql, web::sha256_hex(token));
    if (!id) roll_back(Outcome::not_found());
    if (code_points(why) > 1000) refuse("quotes.errors.reason_long", "reason");
    auto q = repo_.find(sql, id);
    if (!q) roll_back(Outcome::not_found());
    if (q->status == "cancelled") roll_back(Outcome::conflict("quotes.errors.cancelled"));
    if (q->status == "accepted") roll_back(Outcome::conflict("quotes.errors.already_accepted"));
    if (q->status == "declined") roll_back(Outcome::conflict("quotes.errors.already_declined"));
    if (!repo_.decline(sql, id, why, actor.ip, now)) roll_back(Outcome::conflict("quotes.errors.not_sent"));
    audit_.record(sql, actor, "training_quote.declined", subject_of(id), q->number + (why.empty() ? "" : " — " + why));
    return Outcome::success(id);
  });
}

long long Service::run_due(long long now) {
  std::string today = local_day(now);
  auto due = db_.read([&](soci::session& sql) { return repo_.sent_past_validity(sql, today); });
  long long done = 0;
  Actor system{0, "système", ""};
  for (long long id : due) {
    done += db_.write([&](soci::session& sql) -> long long {
      // Claimed by the conditional update: another instance's pass finds nothing left to do.
      if (!repo_.expire(sql, id, now)) return 0;
      audit_.record(sql, system, "training_quote.expired", subject_of(id), "");
      return 1;
    });
  }
  return done;
}

std::vector<training_documents::StoredFile> files_for(soci::session& sql, long long application_id) {
  Repository repo;
  std::vector<training_documents::StoredFile> out;
  for (long long id : repo.of_application(sql, application_id)) {
    auto q = repo.find(sql, id);
    if (!q) continue;
    auto v = repo.version(sql, id, q->current_version, true);
    if (!v) continue;
    out.push_back({"quote", v->file_name, v->data, v->sha256, v->created_at});
  }
  return out;
}

}  // namespace trame::quotes
