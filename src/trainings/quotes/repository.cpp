#include "trainings/quotes/repository.hpp"

#include "platform/store/bytes.hpp"
#include "trainings/enrolments/funding.hpp"

namespace trame::quotes {

namespace {

const char* kQuoteColumns =
    "SELECT q.id, q.organisation_id, o.name, q.session_id, s.title, p.title, q.application_id, u.name, q.number, "
    "q.status, q.current_version, q.accepted_at, q.accepted_version, q.accepted_by, q.accepted_name, q.accepted_ip, "
    "q.accepted_sha256, q.accepted_day, q.accepted_note, q.declined_at, q.declined_reason, q.expired_at, "
    "q.cancelled_at, q.created_at, q.updated_at, v.party_name, v.total_cents, v.valid_until "
    "FROM training_quotes q JOIN organisations o ON o.id = q.organisation_id "
    "JOIN training_sessions s ON s.id = q.session_id JOIN training_programmes p ON p.id = s.programme_id "
    "JOIN training_applications a ON a.id = q.application_id JOIN users u ON u.id = a.user_id "
    "JOIN training_quote_versions v ON v.quote_id = q.id AND v.version = q.current_version ";

#define QUOTE_INTO(q)                                                                                                  \
  soci::into((q).id), soci::into((q).organisation_id), soci::into((q).organisation_name), soci::into((q).session_id),  \
      soci::into((q).session_title), soci::into((q).programme_title), soci::into((q).application_id),                  \
      soci::into((q).trainee_name), soci::into((q).number), soci::into((q).status), soci::into((q).current_version),   \
      soci::into((q).accepted_at), soci::into((q).accepted_version), soci::into((q).accepted_by),                      \
      soci::into((q).accepted_name), soci::into((q).accepted_ip), soci::into((q).accepted_sha256),                     \
      soci::into((q).accepted_day), soci::into((q).accepted_note), soci::into((q).declined_at),                        \
      soci::into((q).declined_reason), soci::into((q).expired_at), soci::into((q).cancelled_at),                       \
      soci::into((q).created_at), soci::into((q).updated_at), soci::into((q).party_name), soci::into((q).total_cents), \
      soci::into((q).valid_until)

const char* kVersionColumns =
    "SELECT id, quote_id, version, party_kind, party_name, party_address, party_email, funding, valid_until, "
    "vat_exempt, vat_rate_per_mille, total_net_cents, vat_cents, total_cents, file_name, sha256, size_bytes, "
    "created_by, created_at, superseded_at, outbox_id, sent_at, sent_to FROM training_quote_versions ";

struct VersionRow {
  Version v;
  long long exempt = 1;
};

#define VERSION_INTO(r)                                                                                             \
  soci::into((r).v.id), soci::into((r).v.quote_id), soci::into((r).v.version), soci::into((r).v.party_kind),        \
      soci::into((r).v.party_name), soci::into((r).v.party_address), soci::into((r).v.party_email),                 \
      soci::into((r).v.funding), soci::into((r).v.valid_until), soci::into((r).exempt),                             \
      soci::into((r).v.vat_rate_per_mille), soci::into((r).v.totals.net_cents), soci::into((r).v.totals.vat_cents), \
      soci::into((r).v.totals.total_cents), soci::into((r).v.file_name), soci::into((r).v.sha256),                  \
      soci::into((r).v.size_bytes), soci::into((r).v.created_by), soci::into((r).v.created_at),                     \
      soci::into((r).v.superseded_at), soci::into((r).v.outbox_id), soci::into((r).v.sent_at),                      \
      soci::into((r).v.sent_to)

std::vector<Line> lines_of(soci::session& sql, long long version_id) {
  std::vector<Line> out;
  Line l;
  soci::statement st =
      (sql.prepare << "SELECT position, label, detail, unit_price_cents, quantity, total_cents "
                      "FROM training_quote_lines WHERE version_id = :v ORDER BY position",
       soci::into(l.position), soci::into(l.label), soci::into(l.detail), soci::into(l.unit_price_cents),
       soci::into(l.quantity), soci::into(l.total_cents), soci::use(version_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

}  // namespace

std::optional<Training> Repository::training(soci::session& sql, long long session_id) {
  Training t;
  sql << "SELECT s.id, p.organiser_id, o.name, p.title, s.title, s.place, p.price_cents, s.starts_at, s.ends_at, "
         "s.status FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "JOIN organisations o ON o.id = p.organiser_id WHERE s.id = :id",
      soci::into(t.session_id), soci::into(t.organiser_id), soci::into(t.organiser_name), soci::into(t.programme_title),
      soci::into(t.session_title), soci::into(t.place), soci::into(t.price_cents), soci::into(t.starts_at),
      soci::into(t.ends_at), soci::into(t.status), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  t.planned_minutes = enrolments::planned_minutes(sql, session_id);
  return t;
}

namespace {
const char* kApplicantColumns =
    "SELECT a.id, a.session_id, a.status, u.name, u.email, COALESCE(a.organisation_id, 0), "
    "COALESCE(o.name, a.organisation_name), COALESCE(o.address, ''), COALESCE(o.public_email, ''), "
    "a.funding_intended FROM training_applications a JOIN users u ON u.id = a.user_id "
    "LEFT JOIN organisations o ON o.id = a.organisation_id ";
#define APPLICANT_INTO(a)                                                                                   \
  soci::into((a).application_id), soci::into((a).session_id), soci::into((a).status), soci::into((a).name), \
      soci::into((a).email), soci::into((a).organisation_id), soci::into((a).organisation_name),            \
      soci::into((a).organisation_address), soci::into((a).organisation_email), soci::into((a).funding_intended)
}  // namespace

std::optional<Applicant> Repository::applicant(soci::session& sql, long long application_id) {
  Applicant a;
  sql << std::string(kApplicantColumns) + "WHERE a.id = :id", APPLICANT_INTO(a), soci::use(application_id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

std::vector<Applicant> Repository::applicants(soci::session& sql, long long session_id) {
  std::vector<Applicant> out;
  Applicant a;
  soci::statement st = (sql.prepare << std::string(kApplicantColumns) +
                                           "WHERE a.session_id = :s AND a.status NOT IN ('refused','withdrawn') "
                                           "ORDER BY u.name, a.id",
                        APPLICANT_INTO(a), soci::use(session_id));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

long long Repository::next_sequence(soci::session& sql, long long organisation_id, long long year) {
  // The upsert takes the counter row's lock (PostgreSQL) until the transaction ends: two quotes made at
  // once get consecutive numbers.
  sql << "INSERT INTO training_quote_counters (organisation_id, year, last_number) VALUES (:o, :y, 1) "
         "ON CONFLICT (organisation_id, year) DO UPDATE SET last_number = training_quote_counters.last_number + 1",
      soci::use(organisation_id), soci::use(year);
  long long last = 0;
  sql << "SELECT last_number FROM training_quote_counters WHERE organisation_id = :o AND year = :y", soci::into(last),
      soci::use(organisation_id), soci::use(year);
  return last;
}

long long Repository::insert_quote(soci::session& sql, const Quote& q, long long created_by) {
  long long id = 0;
  long long year = 0, sequence = 0;
  // number is "D<year>-<sequence>"
  auto dash = q.number.find('-');
  year = std::stoll(q.number.substr(1, dash - 1));
  sequence = std::stoll(q.number.substr(dash + 1));
  sql << "INSERT INTO training_quotes (organisation_id, session_id, application_id, year, sequence, number, status, "
         "current_version, created_by, created_at, updated_at) VALUES (:o, :s, :a, :y, :n, :num, :st, 1, :b, :c, :c2) "
         "RETURNING id",
      soci::use(q.organisation_id), soci::use(q.session_id), soci::use(q.application_id), soci::use(year),
      soci::use(sequence), soci::use(q.number), soci::use(q.status), soci::use(created_by), soci::use(q.created_at),
      soci::use(q.created_at), soci::into(id);
  return id;
}

long long Repository::insert_version(soci::session& sql, const Version& v) {
  long long id = 0;
  std::string hex = store::to_hex(v.data);
  long long exempt = v.vat_exempt ? 1 : 0;
  sql << "INSERT INTO training_quote_versions (quote_id, version, party_kind, party_name, party_address, party_email, "
         "funding, valid_until, vat_exempt, vat_rate_per_mille, total_net_cents, vat_cents, total_cents, file_name, "
         "sha256, data, size_bytes, created_by, created_at) VALUES (:q, :v, :pk, :pn, :pa, :pe, :f, :vu, :ex, :r, "
         ":net, :vat, :tot, :fn, :h, decode(:d, 'hex'), :sz, :b, :c) RETURNING id",
      soci::use(v.quote_id), soci::use(v.version), soci::use(v.party_kind), soci::use(v.party_name),
      soci::use(v.party_address), soci::use(v.party_email), soci::use(v.funding), soci::use(v.valid_until),
      soci::use(exempt), soci::use(v.vat_rate_per_mille), soci::use(v.totals.net_cents), soci::use(v.totals.vat_cents),
      soci::use(v.totals.total_cents), soci::use(v.file_name), soci::use(v.sha256), soci::use(hex),
      soci::use(v.size_bytes), soci::use(v.created_by), soci::use(v.created_at), soci::into(id);
  for (const auto& l : v.lines) {
    sql << "INSERT INTO training_quote_lines (version_id, position, label, detail, unit_price_cents, quantity, "
           "total_cents) VALUES (:v, :p, :l, :d, :u, :q, :t)",
        soci::use(id), soci::use(l.position), soci::use(l.label), soci::use(l.detail), soci::use(l.unit_price_cents),
        soci::use(l.quantity), soci::use(l.total_cents);
  }
  return id;
}

std::optional<Quote> Repository::find(soci::session& sql, long long id) {
  Quote q;
  sql << std::string(kQuoteColumns) + "WHERE q.id = :id", QUOTE_INTO(q), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return q;
}

std::vector<Quote> Repository::of_session(soci::session& sql, long long session_id, long long offset, long long limit) {
  std::vector<Quote> out;
  Quote q;
  soci::statement st =
      (sql.prepare << std::string(kQuoteColumns) + "WHERE q.session_id = :s ORDER BY q.id DESC LIMIT :l OFFSET :o",
       QUOTE_INTO(q), soci::use(session_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(q);
  return out;
}

long long Repository::count_of_session(soci::session& sql, long long session_id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM training_quotes WHERE session_id = :s", soci::into(n), soci::use(session_id);
  return n;
}

std::vector<long long> Repository::of_application(soci::session& sql, long long application_id) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM training_quotes WHERE application_id = :a "
                                       "ORDER BY CASE WHEN status = 'accepted' THEN 0 ELSE 1 END, id",
                        soci::into(id), soci::use(application_id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<Version> Repository::versions(soci::session& sql, long long quote_id) {
  std::vector<Version> out;
  VersionRow r;
  soci::statement st = (sql.prepare << std::string(kVersionColumns) + "WHERE quote_id = :q ORDER BY version DESC",
                        VERSION_INTO(r), soci::use(quote_id));
  st.execute();
  while (st.fetch()) {
    r.v.vat_exempt = r.exempt != 0;
    out.push_back(r.v);
  }
  for (auto& v : out) v.lines = lines_of(sql, v.id);
  return out;
}

std::optional<Version> Repository::version(soci::session& sql, long long quote_id, long long number, bool with_data) {
  VersionRow r;
  sql << std::string(kVersionColumns) + "WHERE quote_id = :q AND version = :v", VERSION_INTO(r), soci::use(quote_id),
      soci::use(number);
  if (!sql.got_data()) return std::nullopt;
  r.v.vat_exempt = r.exempt != 0;
  r.v.lines = lines_of(sql, r.v.id);
  if (with_data) {
    std::string hex;
    sql << "SELECT encode(data, 'hex') FROM training_quote_versions WHERE id = :id", soci::into(hex), soci::use(r.v.id);
    r.v.data = store::from_hex(hex);
  }
  return r.v;
}

long long Repository::last_sent_version(soci::session& sql, long long quote_id) {
  long long n = 0;
  sql << "SELECT COALESCE(MAX(version), 0) FROM training_quote_versions WHERE quote_id = :q AND sent_at > 0",
      soci::into(n), soci::use(quote_id);
  return n;
}

long long Repository::quote_of_token(soci::session& sql, const std::string& token_hash) {
  long long id = 0;
  sql << "SELECT quote_id FROM training_quote_links WHERE token_hash = :h", soci::into(id), soci::use(token_hash);
  return sql.got_data() ? id : 0;
}

void Repository::insert_link(soci::session& sql, long long quote_id, long long version, const std::string& token_hash,
                             long long now) {
  sql << "INSERT INTO training_quote_links (quote_id, version, token_hash, created_at) VALUES (:q, :v, :h, :c)",
      soci::use(quote_id), soci::use(version), soci::use(token_hash), soci::use(now);
}

void Repository::mark_sent(soci::session& sql, long long version_id, long long outbox_id, const std::string& to,
                           long long now) {
  sql << "UPDATE training_quote_versions SET outbox_id = :o, sent_at = :n, sent_to = :t WHERE id = :id",
      soci::use(outbox_id), soci::use(now), soci::use(to), soci::use(version_id);
}

std::string Repository::user_name(soci::session& sql, long long user_id) {
  std::string name;
  sql << "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(user_id);
  return sql.got_data() ? name : "";
}

bool Repository::revise(soci::session& sql, long long quote_id, long long current, long long next,
                        long long now) const {
  // The conditional update takes the quote's row: two changes at once make one version each, in turn.
  long long got = 0;
  sql << "UPDATE training_quotes SET current_version = :n, status = 'draft', "
         "expired_at = 0, updated_at = :now WHERE id = :id AND current_version = :c "
         "AND status IN ('draft','sent','expired') RETURNING id",
      soci::use(next), soci::use(now), soci::use(quote_id), soci::use(current), soci::into(got);
  return sql.got_data();
}

void Repository::supersede(soci::session& sql, long long quote_id, long long version, long long now) const {
  sql << "UPDATE training_quote_versions SET superseded_at = :now WHERE quote_id = :q AND version = :v", soci::use(now),
      soci::use(quote_id), soci::use(version);
}

bool Repository::set_sent(soci::session& sql, long long quote_id, long long current, long long now) const {
  long long got = 0;
  sql << "UPDATE training_quotes SET status = 'sent', updated_at = :now "
         "WHERE id = :id AND current_version = :v AND status IN ('draft','sent') "
         "RETURNING id",
      soci::use(now), soci::use(quote_id), soci::use(current), soci::into(got);
  return sql.got_data();
}

bool Repository::cancel(soci::session& sql, long long quote_id, long long by, long long now) const {
  long long got = 0;
  sql << "UPDATE training_quotes SET status = 'cancelled', cancelled_at = :now, "
         "cancelled_by = :b, updated_at = :now2 WHERE id = :id "
         "AND status IN ('draft','sent','expired') RETURNING id",
      soci::use(now), soci::use(by), soci::use(now), soci::use(quote_id), soci::into(got);
  return sql.got_data();
}

bool Repository::accept(soci::session& sql, long long quote_id, const Version& v, const std::string& name,
                        const std::string& ip, long long by, const std::string& day, const std::string& note,
                        bool by_staff, long long now) const {
  std::string statuses = by_staff ? "('draft','sent','expired')" : "('sent')";
  long long got = 0;
  sql << "UPDATE training_quotes SET status = 'accepted', accepted_at = :now, accepted_version = :v, "
         "accepted_name = :n, accepted_ip = :ip, accepted_sha256 = :h, accepted_by = :b, "
         "accepted_day = :d, accepted_note = :note, updated_at = :now2 WHERE id = :id "
         "AND current_version = :v2 AND status IN " +
             statuses + " RETURNING id",
      soci::use(now), soci::use(v.version), soci::use(name), soci::use(ip), soci::use(v.sha256), soci::use(by),
      soci::use(day), soci::use(note), soci::use(now), soci::use(quote_id), soci::use(v.version), soci::into(got);
  return sql.got_data();
}

bool Repository::decline(soci::session& sql, long long quote_id, const std::string& reason, const std::string& ip,
                         long long now) const {
  long long got = 0;
  sql << "UPDATE training_quotes SET status = 'declined', declined_at = :now, "
         "declined_reason = :r, declined_ip = :ip, updated_at = :now2 WHERE id = :id "
         "AND status IN ('sent','expired') RETURNING id",
      soci::use(now), soci::use(reason), soci::use(ip), soci::use(now), soci::use(quote_id), soci::into(got);
  return sql.got_data();
}

std::vector<long long> Repository::sent_past_validity(soci::session& sql, const std::string& today) const {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT q.id FROM training_quotes q JOIN training_quote_versions v "
                                       "ON v.quote_id = q.id AND v.version = q.current_version "
                                       "WHERE q.status = 'sent' AND v.valid_until < :today ORDER BY q.id",
                        soci::into(id), soci::use(today));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

bool Repository::expire(soci::session& sql, long long quote_id, long long now) const {
  long long got = 0;
  sql << "UPDATE training_quotes SET status = 'expired', expired_at = :now, updated_at = :now2 "
         "WHERE id = :id AND status = 'sent' RETURNING id",
      soci::use(now), soci::use(now), soci::use(quote_id), soci::into(got);
  return sql.got_data();
}

}  // namespace trame::quotes
