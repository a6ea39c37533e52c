#include "trainings/invoices/repository.hpp"

#include "platform/store/bytes.hpp"
#include "platform/store/id_list.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::invoices {

namespace {

const char* kColumns =
    "SELECT i.id, i.kind, i.organisation_id, i.year, i.sequence, i.number, i.session_id, i.application_id, "
    "COALESCE(i.funding_line_id, 0), i.payer, i.buyer_name, i.buyer_address, i.professional, i.minutes, "
    "i.total_ht_cents, i.vat_per_mille, i.vat_cents, i.total_ttc_cents, i.issued_on, i.due_on, i.status, "
    "i.paid_cents, COALESCE(i.credit_of, 0), i.reason, i.file_name, i.sha256, i.size_bytes, i.recipient, "
    "i.outbox_id, i.sent_at, i.overdue_at, i.reminded_7_at, i.reminded_30_at, i.created_at, i.created_by, "
    "u.name, s.title, p.title, o.name, "
    "COALESCE((SELECT c.number FROM training_invoices c WHERE c.credit_of = i.id), ''), "
    "COALESCE((SELECT c.number FROM training_invoices c WHERE c.id = i.credit_of), '') "
    "FROM training_invoices i JOIN training_applications a ON a.id = i.application_id "
    "JOIN users u ON u.id = a.user_id JOIN training_sessions s ON s.id = i.session_id "
    "JOIN training_programmes p ON p.id = s.programme_id JOIN organisations o ON o.id = i.organisation_id ";

struct Row {
  Invoice i;
  long long professional = 1;
  std::string credit_note_number, credited_number;
};

#define INV_INTO(r)                                                                                                  \
  soci::into((r).i.id), soci::into((r).i.kind), soci::into((r).i.organisation_id), soci::into((r).i.year),           \
      soci::into((r).i.sequence), soci::into((r).i.number), soci::into((r).i.session_id),                            \
      soci::into((r).i.application_id), soci::into((r).i.funding_line_id), soci::into((r).i.payer),                  \
      soci::into((r).i.buyer_name), soci::into((r).i.buyer_address), soci::into((r).professional),                   \
      soci::into((r).i.minutes), soci::into((r).i.total_ht_cents), soci::into((r).i.vat_per_mille),                  \
      soci::into((r).i.vat_cents), soci::into((r).i.total_ttc_cents), soci::into((r).i.issued_on),                   \
      soci::into((r).i.due_on), soci::into((r).i.status), soci::into((r).i.paid_cents), soci::into((r).i.credit_of), \
      soci::into((r).i.reason), soci::into((r).i.file_name), soci::into((r).i.sha256), soci::into((r).i.size_bytes), \
      soci::into((r).i.recipient), soci::into((r).i.outbox_id), soci::into((r).i.sent_at),                           \
      soci::into((r).i.overdue_at), soci::into((r).i.reminded_7_at), soci::into((r).i.reminded_30_at),               \
      soci::into((r).i.created_at), soci::into((r).i.created_by), soci::into((r).i.trainee_name),                    \
      soci::into((r).i.session_title), soci::into((r).i.programme_title), soci::into((r).i.organisation_name),       \
      soci::into((r).credit_note_number), soci::into((r).credited_number)

Invoice finish(const Row& r) {
  Invoice i = r.i;
  i.professional = r.professional != 0;
  i.credit_number = i.kind == "invoice" ? r.credit_note_number : r.credited_number;
  return i;
}

std::vector<Invoice> fetch(soci::statement& st, Row& r) {
  st.execute();
  std::vector<Invoice> out;
  while (st.fetch()) out.push_back(finish(r));
  return out;
}

std::string scope_sql(soci::session& sql, const ActingFor& scope, long long organisation_id) {
  std::string where;
  if (!scope.all) where += " AND " + store::in_ids(sql, "i.organisation_id", scope.organisations);
  if (organisation_id != 0) where += " AND i.organisation_id = " + std::to_string(organisation_id);
  return where;
}

}  // namespace

long long Repository::next_sequence(soci::session& sql, long long organisation_id, const std::string& series,
                                    long long year) {
  sql << "INSERT INTO training_invoice_counters (organisation_id, series, year, last_number) VALUES (:o, :s, :y, 0) "
         "ON CONFLICT (organisation_id, series, year) DO NOTHING",
      soci::use(organisation_id), soci::use(series), soci::use(year);
  long long number = 0;
  sql << "UPDATE training_invoice_counters SET last_number = last_number + 1 "
         "WHERE organisation_id = :o AND series = :s AND year = :y RETURNING last_number",
      soci::use(organisation_id), soci::use(series), soci::use(year), soci::into(number);
  return number;
}

void Repository::lock_application(soci::session& sql, long long application_id) {
  store::lock_row(sql, "training_applications", application_id);
}

void Repository::lock_invoice(soci::session& sql, long long invoice_id) {
  sql << "UPDATE training_invoices SET status = status WHERE id = :id", soci::use(invoice_id);
}

std::optional<Billable> Repository::billable(soci::session& sql, long long application_id) {
  Billable b;
  soci::indicator org_ind = soci::i_ok;
  long long self_lines = 0;
  sql << "SELECT a.id, a.session_id, p.organiser_id, og.name, a.status, u.name, u.email, "
         "COALESCE(a.organisation_id, 0), a.organisation_name, p.title, s.title, s.starts_at, s.ends_at, "
         "p.price_cents, (SELECT COUNT(*) FROM training_funding_lines f WHERE f.application_id = a.id "
         "AND f.funder = 'self' AND f.status <> 'refused') "
         "FROM training_applications a JOIN users u ON u.id = a.user_id "
         "JOIN training_sessions s ON s.id = a.session_id JOIN training_programmes p ON p.id = s.programme_id "
         "JOIN organisations og ON og.id = p.organiser_id WHERE a.id = :id",
      soci::into(b.application_id), soci::into(b.session_id), soci::into(b.organiser_id), soci::into(b.organiser_name),
      soci::into(b.status), soci::into(b.name), soci::into(b.email), soci::into(b.organisation_id),
      soci::into(b.organisation_name), soci::into(b.programme_title), soci::into(b.session_title),
      soci::into(b.starts_at), soci::into(b.ends_at), soci::into(b.price_cents, org_ind), soci::into(self_lines),
      soci::use(application_id);
  if (!sql.got_data()) return std::nullopt;
  if (org_ind != soci::i_ok) b.price_cents = 0;
  b.self_line = self_lines > 0;
  if (b.organisation_id != 0) {
    std::string name, address, email;
    sql << "SELECT name, address, public_email FROM organisations WHERE id = :id", soci::into(name),
        soci::into(address), soci::into(email), soci::use(b.organisation_id);
    if (sql.got_data()) {
      b.organisation_name = name;
      b.organisation_address = address;
      b.organisation_email = email;
    }
  }
  return b;
}

std::vector<long long> Repository::billable_applications(soci::session& sql, long long session_id) {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id "
                                       "WHERE a.session_id = :s AND a.status IN "
                                       "('admitted','confirmed','completed','dropped_out') ORDER BY u.name, a.id",
                        soci::into(id), soci::use(session_id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

std::vector<LineShare> Repository::lines(soci::session& sql, long long application_id) {
  std::vector<LineShare> out;
  LineShare l;
  soci::statement st =
      (sql.prepare << "SELECT f.id, f.funder, f.funder_name, f.status, f.amount_cents, f.due_cents, "
                      "CAST(COALESCE((SELECT SUM(i.total_ht_cents) FROM training_invoices i WHERE i.funding_line_id "
                      "= f.id AND i.kind = 'invoice' AND i.status <> 'cancelled'), 0) AS BIGINT) "
                      "FROM training_funding_lines f WHERE f.application_id = :a ORDER BY f.id",
       soci::into(l.id), soci::into(l.funder), soci::into(l.funder_name), soci::into(l.status),
       soci::into(l.amount_cents), soci::into(l.due_cents), soci::into(l.billed_cents), soci::use(application_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

long long Repository::rest_billed(soci::session& sql, long long application_id) {
  long long total = 0;
  sql << "SELECT CAST(COALESCE(SUM(total_ht_cents), 0) AS BIGINT) FROM training_invoices WHERE application_id = :a "
         "AND kind = 'invoice' AND status <> 'cancelled' AND funding_line_id IS NULL",
      soci::into(total), soci::use(application_id);
  return total;
}

std::string Repository::agreement_ref(soci::session& sql, long long line_id) {
  std::string ref;
  sql << "SELECT agreement_ref FROM training_funding_lines WHERE id = :id", soci::into(ref), soci::use(line_id);
  return sql.got_data() ? ref : "";
}

void Repository::set_line_status(soci::session& sql, long long line_id, const std::string& status) {
  sql << "UPDATE training_funding_lines SET status = :s WHERE id = :id AND status <> 'refused'", soci::use(status),
      soci::use(line_id);
}

long long Repository::insert(soci::session& sql, const Invoice& i) {
  long long id = 0;
  std::string hex = store::to_hex(i.data);
  long long professional = i.professional ? 1 : 0;
  sql << "INSERT INTO training_invoices (kind, organisation_id, year, sequence, number, session_id, application_id, "
         "funding_line_id, payer, buyer_name, buyer_address, professional, minutes, total_ht_cents, vat_per_mille, "
         "vat_cents, total_ttc_cents, issued_on, due_on, status, paid_cents, credit_of, reason, file_name, sha256, "
         "data, size_bytes, created_at, created_by) VALUES (:k, :o, :y, :q, :n, :s, :a, NULLIF(:f, 0), :p, :bn, :ba, "
         ":pro, :m, :ht, :vr, :vat, :ttc, :io, :do, :st, 0, NULLIF(:co, 0), :r, :fn, :h, decode(:d, 'hex'), :sz, :c, "
         ":cb) RETURNING id",
      soci::use(i.kind), soci::use(i.organisation_id), soci::use(i.year), soci::use(i.sequence), soci::use(i.number),
      soci::use(i.session_id), soci::use(i.application_id), soci::use(i.funding_line_id), soci::use(i.payer),
      soci::use(i.buyer_name), soci::use(i.buyer_address), soci::use(professional), soci::use(i.minutes),
      soci::use(i.total_ht_cents), soci::use(i.vat_per_mille), soci::use(i.vat_cents), soci::use(i.total_ttc_cents),
      soci::use(i.issued_on), soci::use(i.due_on), soci::use(i.status), soci::use(i.credit_of), soci::use(i.reason),
      soci::use(i.file_name), soci::use(i.sha256), soci::use(hex), soci::use(i.size_bytes), soci::use(i.created_at),
      soci::use(i.created_by), soci::into(id);
  return id;
}

std::optional<Invoice> Repository::find(soci::session& sql, long long id, bool with_data) {
  Row r;
  sql << std::string(kColumns) + "WHERE i.id = :id", INV_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  Invoice i = finish(r);
  if (with_data) {
    std::string hex;
    sql << "SELECT encode(data, 'hex') FROM training_invoices WHERE id = :id", soci::into(hex), soci::use(id);
    i.data = store::from_hex(hex);
  }
  return i;
}

void Repository::mark_sent(soci::session& sql, long long id, const std::string& recipient, long long outbox_id,
                           long long now) {
  sql << "UPDATE training_invoices SET recipient = :r, outbox_id = :o, sent_at = :t, "
         "status = CASE WHEN status = 'issued' THEN 'sent' ELSE status END WHERE id = :id",
      soci::use(recipient), soci::use(outbox_id), soci::use(now), soci::use(id);
}

bool Repository::claim_status(soci::session& sql, long long id, const std::string& from, const std::string& to) {
  soci::statement st = (sql.prepare << "UPDATE training_invoices SET status = :to WHERE id = :id AND status = :from",
                        soci::use(to), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_paid(soci::session& sql, long long id, long long paid_cents, const std::string& status) {
  sql << "UPDATE training_invoices SET paid_cents = :p, status = :s WHERE id = :id", soci::use(paid_cents),
      soci::use(status), soci::use(id);
}

void Repository::add_payment(soci::session& sql, const Payment& p, long long created_by) {
  sql << "INSERT INTO training_invoice_payments (invoice_id, paid_on, amount_cents, method, reference, created_at, "
         "created_by) VALUES (:i, :d, :a, :m, :r, :c, :b)",
      soci::use(p.invoice_id), soci::use(p.paid_on), soci::use(p.amount_cents), soci::use(p.method),
      soci::use(p.reference), soci::use(p.created_at), soci::use(created_by);
}

std::vector<Payment> Repository::payments(soci::session& sql, long long invoice_id) {
  std::vector<Payment> out;
  Payment p;
  soci::statement st = (sql.prepare << "SELECT id, invoice_id, paid_on, amount_cents, method, reference, created_at "
                                       "FROM training_invoice_payments WHERE invoice_id = :i ORDER BY id",
                        soci::into(p.id), soci::into(p.invoice_id), soci::into(p.paid_on), soci::into(p.amount_cents),
                        soci::into(p.method), soci::into(p.reference), soci::into(p.created_at), soci::use(invoice_id));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

std::vector<Invoice> Repository::of_application(soci::session& sql, long long application_id) {
  Row r;
  soci::statement st = (sql.prepare << std::string(kColumns) + "WHERE i.application_id = :a ORDER BY i.id", INV_INTO(r),
                        soci::use(application_id));
  return fetch(st, r);
}

long long Repository::count_of_session(soci::session& sql, long long session_id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM training_invoices WHERE session_id = :s", soci::into(n), soci::use(session_id);
  return n;
}

std::vector<Invoice> Repository::of_session(soci::session& sql, long long session_id, long long offset,
                                            long long limit) {
  Row r;
  soci::statement st =
      (sql.prepare << std::string(kColumns) + "WHERE i.session_id = :s ORDER BY i.id DESC LIMIT :l OFFSET :o",
       INV_INTO(r), soci::use(session_id), soci::use(limit), soci::use(offset));
  return fetch(st, r);
}

long long Repository::count_of_year(soci::session& sql, const ActingFor& scope, long long organisation_id,
                                    long long year) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM training_invoices i WHERE i.year = :y" + scope_sql(sql, scope, organisation_id),
      soci::into(n), soci::use(year);
  return n;
}

std::vector<Invoice> Repository::of_year(soci::session& sql, const ActingFor& scope, long long organisation_id,
                                         long long year, long long offset, long long limit) {
  Row r;
  soci::statement st =
      (sql.prepare << std::string(kColumns) + "WHERE i.year = :y" + scope_sql(sql, scope, organisation_id) +
                          " ORDER BY i.organisation_id, i.kind DESC, i.sequence LIMIT :l OFFSET :o",
       INV_INTO(r), soci::use(year), soci::use(limit), soci::use(offset));
  return fetch(st, r);
}

std::vector<std::pair<long long, std::string>> Repository::organisations(soci::session& sql, const ActingFor& scope) {
  std::vector<std::pair<long long, std::string>> out;
  long long id = 0;
  std::string name;
  std::string where = "WHERE EXISTS (SELECT 1 FROM training_programmes p WHERE p.organiser_id = i.id)";
  if (!scope.all) where += " AND " + store::in_ids(sql, "i.id", scope.organisations);
  soci::statement st = (sql.prepare << "SELECT i.id, i.name FROM organisations i " + where + " ORDER BY i.name",
                        soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

std::vector<long long> Repository::past_due(soci::session& sql, const std::string& today) {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM training_invoices WHERE kind = 'invoice' AND status IN "
                                       "('issued','sent','partially_paid') AND due_on < :t ORDER BY id LIMIT 500",
                        soci::into(id), soci::use(today));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

bool Repository::claim_overdue(soci::session& sql, long long id, const std::string& today, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE training_invoices SET status = 'overdue', overdue_at = :n WHERE id = :id "
                      "AND status IN ('issued','sent','partially_paid') AND due_on < :t",
       soci::use(now), soci::use(id), soci::use(today));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<long long> Repository::to_remind(soci::session& sql, const std::string& column,
                                             const std::string& due_before) {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM training_invoices WHERE status = 'overdue' AND " + column +
                                           " = 0 AND recipient <> '' AND due_on <= :d ORDER BY id LIMIT 500",
                        soci::into(id), soci::use(due_before));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

bool Repository::claim_reminder(soci::session& sql, long long id, const std::string& column, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_invoices SET " + column + " = :n WHERE id = :id AND " + column +
                                           " = 0 AND status = 'overdue'",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace trame::invoices
