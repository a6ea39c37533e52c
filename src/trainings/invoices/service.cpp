#include "trainings/invoices/service.hpp"

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "trainings/agreements/service.hpp"
#include "trainings/enrolments/funding.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/invoices/pdf.hpp"
#include "trainings/invoices/rules.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::invoices {

namespace {

std::string subject_of(long long id) {
  return "training_invoice:" + std::to_string(id);
}

bool manages(const Principal& me, long long organisation_id) {
  return me.is_admin() || me.can_in(perm::trainings_manage, organisation_id);
}

const std::string kRest = "rest";
std::string key_of(long long line_id) {
  return line_id == 0 ? kRest : "line_" + std::to_string(line_id);
}

std::string get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : trim(it->second);
}

}  // namespace

std::optional<programmes::SessionAccess> Service::access(const Principal& me, long long session_id) {
  return db_.read([&](soci::session& sql) { return programmes::session_access(sql, &me, session_id); });
}

std::optional<long long> Service::payment_allowed_from(long long application_id) {
  return db_.read([&](soci::session& sql) { return agreements::payment_allowed_from(sql, application_id); });
}

namespace {
Proposal make_proposal(soci::session& sql, Repository& repo, const Billable& b) {
  Proposal p;
  p.who = b;
  p.attended_minutes = enrolments::attended_minutes(sql, b.application_id);
  p.planned_minutes = enrolments::planned_minutes(sql, b.session_id);
  const bool employer = (b.organisation_id != 0 || !trim(b.organisation_name).empty()) && !b.self_line;
  p.rest_payer = employer ? "employer" : "self";
  p.rest_name = employer ? b.organisation_name : b.name;
  p.rest_address = employer ? b.organisation_address : "";
  p.rest_email = employer ? b.organisation_email : b.email;
  p.parts = split(b.price_cents, p.attended_minutes > 0, repo.lines(sql, b.application_id), p.rest_payer, p.rest_name,
                  repo.rest_billed(sql, b.application_id));
  p.payment_allowed_from = agreements::payment_allowed_from(sql, b.application_id);
  return p;
}
}  // namespace

std::vector<Proposal> Service::proposals(long long session_id) {
  return db_.read([&](soci::session& sql) {
    std::vector<Proposal> out;
    for (long long id : repo_.billable_applications(sql, session_id))
      if (auto b = repo_.billable(sql, id)) out.push_back(make_proposal(sql, repo_, *b));
    return out;
  });
}

std::optional<Proposal> Service::proposal(long long application_id) {
  return db_.read([&](soci::session& sql) -> std::optional<Proposal> {
    auto b = repo_.billable(sql, application_id);
    if (!b) return std::nullopt;
    return make_proposal(sql, repo_, *b);
  });
}

std::string Service::pdf_of(soci::session& sql, const Invoice& i) {
  PdfInput in;
  in.invoice = i;
  in.legal = legal::of_organisation(sql, i.organisation_id);
  Text text = [this](const std::string& key, const web::Params& params) { return catalogue_.t("fr", key, params); };
  if (in.legal) {
    in.legal_lines = legal::document_lines(*in.legal);
    in.vat_mention = legal::vat_mention(*in.legal);
  }
  if (in.vat_mention.empty()) in.vat_mention = text("invoices.pdf.vat_exempt", {});
  auto b = repo_.billable(sql, i.application_id);
  if (b) {
    in.seller_name = b->organiser_name;
    in.trainee_name = b->name;
    in.programme_title = b->programme_title;
    in.session_title = b->session_title;
    in.starts_at = b->starts_at;
    in.ends_at = b->ends_at;
  }
  if (in.legal && !in.legal->organisation_name.empty()) in.seller_name = in.legal->organisation_name;
  in.planned_minutes = enrolments::planned_minutes(sql, i.session_id);
  if (i.funding_line_id) in.agreement_ref = repo_.agreement_ref(sql, i.funding_line_id);
  if (i.credit_of) {
    if (auto c = repo_.find(sql, i.credit_of, false)) {
      in.credited_number = c->number;
      in.credited_issued_on = c->issued_on;
    }
  }
  return render_pdf(in, text);
}

Invoice Service::issue(soci::session& sql, const Actor& actor, Invoice i, long long now) {
  const std::string series = i.kind == "credit_note" ? "A" : "F";
  i.year = std::stoll(i.issued_on.substr(0, 4));
  i.sequence = repo_.next_sequence(sql, i.organisation_id, series, i.year);
  i.number = format_number(series, i.year, i.sequence);
  i.status = "issued";
  i.created_at = now;
  i.created_by = actor.id;
  i.file_name = file_name_of(i.kind, i.number);
  i.data = pdf_of(sql, i);
  i.sha256 = web::sha256_hex(i.data);
  i.size_bytes = static_cast<long long>(i.data.size());
  i.id = repo_.insert(sql, i);
  audit_.record(sql, actor, i.kind == "credit_note" ? "training_invoice.credit_note" : "training_invoice.issued",
                subject_of(i.id),
                i.number + " — " + i.buyer_name + " — " + enrolments::format_euros(i.total_ttc_cents) + " (sha256 " +
                    i.sha256 + ")");
  return i;
}

void Service::send_in(soci::session& sql, const Actor& actor, const Invoice& i, const std::string& email,
                      const std::string& mail_key, long long now) {
  web::Params p{{"number", i.number},
                {"buyer", i.buyer_name},
                {"organiser", i.organisation_name},
                {"programme", i.programme_title},
                {"total", enrolments::format_euros(i.total_ttc_cents)},
                {"due", training_documents::french_day(i.due_on)}};
  mail::Attachment file{i.file_name, "application/pdf", i.data};
  long long outbox = mail_.enqueue(sql, email, catalogue_.t("fr", "invoices.mail." + mail_key + ".subject", p),
                                   catalogue_.t("fr", "invoices.mail." + mail_key + ".body", p), file);
  repo_.mark_sent(sql, i.id, email, outbox, now);
  audit_.record(sql, actor, "training_invoice." + mail_key, subject_of(i.id),
                i.number + " → " + email + " (outbox " + std::to_string(outbox) + ")");
}

Outcome Service::bill(const Actor& actor, const Principal& me, long long session_id, const BillInput& in) {
  auto a = access(me, session_id);
  if (!a || !a->manager) return Outcome::not_found();
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    if (programmes::session_of_application(sql, in.application_id) != session_id)
      refuse("invoices.errors.application", "application");
    return bill_in(sql, actor, in, local_day(now), now);
  });
}

Outcome Service::bill_in(soci::session& sql, const Actor& actor, const BillInput& in, const std::string& issued_on,
                         long long now) {
  // Two managers billing the same trainee at once: the second waits and sees the first's invoices.
  repo_.lock_application(sql, in.application_id);
  auto b = repo_.billable(sql, in.application_id);
  if (!b) refuse("invoices.errors.application", "application");
  if (b->status != "admitted" && b->status != "confirmed" && b->status != "completed" && b->status != "dropped_out")
    refuse("invoices.errors.application", "application");
  if (in.payer != "employer" && in.payer != "self") refuse("invoices.errors.payer", "payer");
  const std::string buyer = trim(in.buyer_name);
  if (buyer.empty() || buyer.size() > 200) refuse("invoices.errors.buyer_name", "buyer_name");
  Proposal p = make_proposal(sql, repo_, *b);
  // The rest: its owed amount does not depend on who pays it.
  for (auto& part : p.parts)
    if (part.line_id == 0) part.payer = in.payer;
  const long long due_days = store::setting_int(sql, "trainings.invoice_due_days", 30);
  legal::LegalData fallback;
  auto legal = legal::of_organisation(sql, b->organiser_id);
  const legal::LegalData& l = legal ? *legal : fallback;
  int issued = 0;
  for (const auto& part : p.parts) {
    const std::string key = key_of(part.line_id);
    const std::string typed = get(in.amounts, key);
    if (typed.empty()) continue;
    const long long cents = enrolments::parse_euros(typed);
    if (cents < 0) refuse("invoices.errors.amount", "amount_" + key);
    if (cents == 0) continue;
    if (cents > part.proposed_cents)
      refuse(part.line_id ? "invoices.errors.over_attended" : "invoices.errors.over_rest", "amount_" + key);
    const std::string email = get(in.emails, key);
    if (!email.empty() && !plausible_email(email)) refuse("invoices.errors.email", "email_" + key);
    const std::string address = get(in.addresses, key);
    if (address.size() > 500) refuse("invoices.errors.address", "address_" + key);
    Invoice i;
    i.kind = "invoice";
    i.organisation_id = b->organiser_id;
    i.organisation_name = b->organiser_name;
    i.programme_title = b->programme_title;
    i.session_id = b->session_id;
    i.application_id = b->application_id;
    i.funding_line_id = part.line_id;
    i.payer = part.payer;
    i.buyer_name =
        part.line_id ? (part.name.empty() ? catalogue_.t("fr", "invoices.funders." + part.payer) : part.name) : buyer;
    i.buyer_address = address;
    i.professional = i.payer != "self";
    i.minutes = part.line_id ? p.attended_minutes : p.planned_minutes;
    i.total_ht_cents = cents;
    i.vat_per_mille = l.vat_exempt ? 0 : l.vat_rate_per_mille;
    i.vat_cents = vat_of(cents, i.vat_per_mille);
    i.total_ttc_cents = cents + i.vat_cents;
    i.issued_on = issued_on;
    i.due_on = add_days(issued_on, due_days);
    if (i.payer == "self" && p.payment_allowed_from) {
      if (*p.payment_allowed_from == agreements::kNoPayment) refuse("invoices.errors.no_contract", "payer");
      i.due_on = later_day(i.due_on, local_day(*p.payment_allowed_from));
    }
    Invoice made = issue(sql, actor, i, now);
    if (part.line_id) repo_.set_line_status(sql, part.line_id, "invoiced");
    if (!email.empty()) send_in(sql, actor, made, email, "sent", now);
    ++issued;
  }
  if (issued == 0) refuse("invoices.errors.nothing", "amount_rest");
  return Outcome::success(issued);
}

std::vector<Invoice> Service::of_session(long long session_id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_session(sql, session_id);
    return repo_.of_session(sql, session_id, (page - 1) * per_page, per_page);
  });
}

std::optional<Invoice> Service::invoice(const Principal& me, long long id, bool with_data) {
  auto i = db_.read([&](soci::session& sql) { return repo_.find(sql, id, with_data); });
  if (!i || !manages(me, i->organisation_id)) return std::nullopt;
  return i;
}

std::vector<Payment> Service::payments(long long invoice_id) {
  return db_.read([&](soci::session& sql) { return repo_.payments(sql, invoice_id); });
}

std::optional<mail::Message> Service::sending(long long outbox_id) {
  if (outbox_id == 0) return std::nullopt;
  return mail_.find(outbox_id);
}

void Service::record_download(const Actor& actor, const Invoice& i) {
  audit_.record(actor, "training_invoice.downloaded", subject_of(i.id), i.number);
}

Outcome Service::send(const Actor& actor, const Principal& me, long long id, const std::string& email_typed) {
  if (!invoice(me, id)) return Outcome::not_found();
  const std::string email = trim(email_typed);
  if (!plausible_email(email)) return Outcome::failure("invoices.errors.email", "email");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto i = repo_.find(sql, id, true);
    if (!i) return Outcome::not_found();
    if (i->status == "cancelled") refuse("invoices.errors.cancelled", "email");
    send_in(sql, actor, *i, email, "sent", now);
    return Outcome::success(id);
  });
}

Outcome Service::record_payment(const Actor& actor, const Principal& me, long long id, const PaymentInput& in) {
  if (!invoice(me, id)) return Outcome::not_found();
  const long long now = store::now_seconds();
  const std::string today = local_day(now);
  return db_.attempt([&](soci::session& sql) {
    repo_.lock_invoice(sql, id);  // a payment and a credit note at once: one after the other
    auto i = repo_.find(sql, id, false);
    if (!i) return Outcome::not_found();
    if (i->kind != "invoice") refuse("invoices.errors.not_invoice", "amount");
    if (i->status == "cancelled") refuse("invoices.errors.cancelled", "amount");
    if (i->status == "paid") refuse("invoices.errors.already_paid", "amount");
    auto day = parse_date(in.paid_on);
    if (!day || iso_date(*day) > today) refuse("invoices.errors.paid_on", "paid_on");
    const long long cents = enrolments::parse_euros(in.amount);
    if (cents <= 0) refuse("invoices.errors.amount", "amount");
    if (cents > i->total_ttc_cents - i->paid_cents) refuse("invoices.errors.over_total", "amount");
    bool known = false;
    for (const auto& m : payment_methods()) known = known || m == in.method;
    if (!known) refuse("invoices.errors.method", "method");
    if (trim(in.reference).size() > 200) refuse("invoices.errors.reference", "reference");
    if (i->payer == "self") {
      auto allowed = agreements::payment_allowed_from(sql, i->application_id);
      if (allowed && *allowed == agreements::kNoPayment) refuse("invoices.errors.no_payment", "amount");
      if (allowed && (now < *allowed || iso_date(*day) < local_day(*allowed)))
        refuse("invoices.errors.withdrawal", "amount");
    }
    Payment p;
    p.invoice_id = id;
    p.paid_on = iso_date(*day);
    p.amount_cents = cents;
    p.method = in.method;
    p.reference = trim(in.reference);
    p.created_at = now;
    repo_.add_payment(sql, p, actor.id);
    const long long paid = i->paid_cents + cents;
    const std::string status = status_after_payment(i->status, paid, i->total_ttc_cents, i->due_on < today);
    repo_.set_paid(sql, id, paid, status);
    if (status == "paid" && i->funding_line_id) repo_.set_line_status(sql, i->funding_line_id, "paid");
    audit_.record(
        sql, actor, "training_invoice.payment", subject_of(id),
        i->number + " — " + enrolments::format_euros(cents) + " (" + in.method + ", " + p.paid_on + ") → " + status);
    return Outcome::success(id);
  });
}

Outcome Service::credit(const Actor& actor, const Principal& me, long long id, const std::string& reason_typed) {
  if (!invoice(me, id)) return Outcome::not_found();
  const std::string reason = trim(reason_typed);
  if (reason.empty() || reason.size() > 500) return Outcome::failure("invoices.errors.reason", "reason");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    repo_.lock_invoice(sql, id);  // a payment and a credit note at once: one after the other
    auto i = repo_.find(sql, id, false);
    if (!i) return Outcome::not_found();
    if (i->kind != "invoice") refuse("invoices.errors.not_invoice", "reason");
    if (i->paid_cents > 0) refuse("invoices.errors.has_payments", "reason");
    if (!repo_.claim_status(sql, id, i->status, "cancelled")) refuse("invoices.errors.cancelled", "reason");
    if (i->status == "cancelled") refuse("invoices.errors.cancelled", "reason");
    Invoice c = *i;
    c.kind = "credit_note";
    c.credit_of = i->id;
    c.reason = reason;
    c.issued_on = local_day(now);
    c.due_on = c.issued_on;
    c.paid_cents = 0;
    Invoice made = issue(sql, actor, c, now);
    if (i->funding_line_id) repo_.set_line_status(sql, i->funding_line_id, "agreed");
    audit_.record(sql, actor, "training_invoice.cancelled", subject_of(id), i->number + " → " + made.number);
    if (!i->recipient.empty()) send_in(sql, actor, made, i->recipient, "credit", now);
    return Outcome::success(made.id);
  });
}

std::vector<Invoice> Service::of_year(const ActingFor& scope, long long organisation_id, long long year, long long page,
                                      long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_year(sql, scope, organisation_id, year);
    return repo_.of_year(sql, scope, organisation_id, year, (page - 1) * per_page, per_page);
  });
}

long long Service::each_of_year(const ActingFor& scope, long long organisation_id, long long year,
                                const std::function<void(const Invoice&)>& f) {
  long long offset = 0, rows = 0;
  for (;;) {
    auto page =
        db_.read([&](soci::session& sql) { return repo_.of_year(sql, scope, organisation_id, year, offset, 200); });
    for (const auto& i : page) {
      f(i);
      ++rows;
    }
    if (page.size() < 200) break;
    offset += 200;
  }
  return rows;
}

std::vector<std::pair<long long, std::string>> Service::organisations(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql, scope); });
}

long long Service::run_due(long long now) {
  const std::string today = local_day(now);
  Actor system{0, "système", ""};
  long long done = 0;
  auto late = db_.read([&](soci::session& sql) { return repo_.past_due(sql, today); });
  for (long long id : late) {
    done += db_.write([&](soci::session& sql) -> long long {
      if (!repo_.claim_overdue(sql, id, today, now)) return 0;
      audit_.record(sql, system, "training_invoice.overdue", subject_of(id), today);
      return 1;
    });
  }
  for (const auto& reminder : {std::pair<std::string, long long>{"reminded_7_at", 7}, {"reminded_30_at", 30}}) {
    const std::string& column = reminder.first;
    const long long days = reminder.second;
    const std::string before = add_days(today, -days);
    auto ids = db_.read([&](soci::session& sql) { return repo_.to_remind(sql, column, before); });
    for (long long id : ids) {
      done += db_.write([&](soci::session& sql) -> long long {
        if (!repo_.claim_reminder(sql, id, column, now)) return 0;  // claimed by another instance
        auto i = repo_.find(sql, id, true);
        if (!i) return 0;
        send_in(sql, system, *i, i->recipient, days == 7 ? "reminder_7" : "reminder_30", now);
        return 1;
      });
    }
  }
  return done;
}

std::vector<training_documents::StoredFile> files_for(soci::session& sql, long long application_id,
                                                      const std::string& funder) {
  Repository repo;
  std::vector<training_documents::StoredFile> out;
  for (const auto& i : repo.of_application(sql, application_id)) {
    if (i.payer != funder) continue;
    auto full = repo.find(sql, i.id, true);
    if (!full) continue;
    out.push_back({i.kind, i.file_name, full->data, i.sha256, i.created_at});
  }
  return out;
}

}  // namespace trame::invoices
