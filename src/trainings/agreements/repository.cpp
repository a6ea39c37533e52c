#include "trainings/agreements/repository.hpp"

#include "platform/store/bytes.hpp"
#include "platform/store/row_lock.hpp"
#include "trainings/enrolments/funding.hpp"

namespace trame::agreements {

namespace {
const char* kColumns =
    "SELECT a.id, a.session_id, a.application_id, a.kind, a.status, a.party_name, a.party_representative, "
    "a.party_email, a.title, a.objectives, a.programme, a.action_type, a.place, a.mode, a.sanction, a.trainers, "
    "a.duration_minutes, a.price_cents, a.advance_percent, a.starts_at, a.ends_at, a.max_trainees, "
    "a.current_version, a.current_sha256, a.signature_kind, a.signed_at, a.signed_version, a.signed_sha256, "
    "a.signer_name, a.signer_ip, a.signer_agent, a.upload_name, a.upload_sha256, a.upload_size, "
    "a.withdrawal_ends_at, a.withdrawn_at, a.cancelled_at, a.cancel_reason, a.created_at, a.updated_at, "
    "ap.user_id, u.name, u.email, COALESCE(ao.name, ap.organisation_name), s.title, p.title, o.name, p.organiser_id "
    "FROM training_agreements a JOIN training_applications ap ON ap.id = a.application_id "
    "JOIN users u ON u.id = ap.user_id LEFT JOIN organisations ao ON ao.id = ap.organisation_id "
    "JOIN training_sessions s ON s.id = a.session_id "
    "JOIN training_programmes p ON p.id = s.programme_id JOIN organisations o ON o.id = p.organiser_id ";

#define AG_INTO(a)                                                                                               \
  soci::into((a).id), soci::into((a).session_id), soci::into((a).application_id), soci::into((a).kind),          \
      soci::into((a).status), soci::into((a).party_name), soci::into((a).party_representative),                  \
      soci::into((a).party_email), soci::into((a).title), soci::into((a).objectives), soci::into((a).programme), \
      soci::into((a).action_type), soci::into((a).place), soci::into((a).mode), soci::into((a).sanction),        \
      soci::into((a).trainers), soci::into((a).duration_minutes), soci::into((a).price_cents),                   \
      soci::into((a).advance_percent), soci::into((a).starts_at), soci::into((a).ends_at),                       \
      soci::into((a).max_trainees), soci::into((a).current_version), soci::into((a).current_sha256),             \
      soci::into((a).signature_kind), soci::into((a).signed_at), soci::into((a).signed_version),                 \
      soci::into((a).signed_sha256), soci::into((a).signer_name), soci::into((a).signer_ip),                     \
      soci::into((a).signer_agent), soci::into((a).upload_name), soci::into((a).upload_sha256),                  \
      soci::into((a).upload_size), soci::into((a).withdrawal_ends_at), soci::into((a).withdrawn_at),             \
      soci::into((a).cancelled_at), soci::into((a).cancel_reason), soci::into((a).created_at),                   \
      soci::into((a).updated_at), soci::into((a).trainee_user_id), soci::into((a).trainee_name),                 \
      soci::into((a).trainee_email), soci::into((a).organisation_name), soci::into((a).session_title),           \
      soci::into((a).programme_title), soci::into((a).organiser_name), soci::into((a).organiser_id)

std::vector<Agreement> fetch(soci::statement& st, Agreement& a) {
  st.execute();
  std::vector<Agreement> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

bool changed(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows() == 1;
}
}  // namespace

std::optional<Defaults> Repository::defaults(soci::session& sql, long long session_id) const {
  Defaults d;
  std::string address;
  sql << "SELECT s.id, p.organiser_id, o.name, p.title, s.title, s.status, p.objectives, p.nature, "
         "p.evaluation_methods, s.place, s.address, p.price_cents, s.starts_at, s.ends_at, s.max_trainees "
         "FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "JOIN organisations o ON o.id = p.organiser_id WHERE s.id = :id",
      soci::into(d.session_id), soci::into(d.organiser_id), soci::into(d.organiser_name), soci::into(d.programme_title),
      soci::into(d.session_title), soci::into(d.session_status), soci::into(d.objectives), soci::into(d.nature),
      soci::into(d.evaluation_methods), soci::into(d.place), soci::into(address), soci::into(d.price_cents),
      soci::into(d.starts_at), soci::into(d.ends_at), soci::into(d.max_trainees), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  if (!address.empty()) d.place += (d.place.empty() ? "" : ", ") + address;
  std::string town;
  sql << "SELECT c.name FROM organisations o JOIN communes c ON c.code = o.commune_code WHERE o.id = :o",
      soci::into(town), soci::use(d.organiser_id);
  if (sql.got_data()) d.organiser_town = town;
  // The programme: its modules in order, with their durations.
  std::string title;
  long long minutes = 0;
  long long programme_id = 0;
  sql << "SELECT programme_id FROM training_sessions WHERE id = :id", soci::into(programme_id), soci::use(session_id);
  soci::statement st = (sql.prepare << "SELECT title, duration_minutes FROM training_modules WHERE programme_id = :p "
                                       "ORDER BY position, id",
                        soci::into(title), soci::into(minutes), soci::use(programme_id));
  st.execute();
  while (st.fetch()) {
    if (!d.programme.empty()) d.programme += "\n";
    d.programme += title;
    if (minutes > 0) {
      d.programme += " (" + std::to_string(minutes / 60) + " h";
      if (minutes % 60) d.programme += (minutes % 60 < 10 ? " 0" : " ") + std::to_string(minutes % 60);
      d.programme += ")";
    }
  }
  std::string name;
  soci::statement tr =
      (sql.prepare << "SELECT u.name FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s ORDER BY t.lead DESC, u.name",
       soci::into(name), soci::use(session_id));
  tr.execute();
  while (tr.fetch()) d.trainers += (d.trainers.empty() ? "" : "\n") + name;
  d.duration_minutes = enrolments::planned_minutes(sql, session_id);
  return d;
}

std::vector<Candidate> Repository::candidates(soci::session& sql, long long session_id) const {
  std::vector<Candidate> out;
  Candidate c;
  soci::statement st =
      (sql.prepare << "SELECT a.id, u.name, u.email, a.status, COALESCE(o.name, a.organisation_name), "
                      "a.funding_intended FROM training_applications a JOIN users u ON u.id = a.user_id "
                      "LEFT JOIN organisations o ON o.id = a.organisation_id WHERE a.session_id = :s "
                      "AND a.status NOT IN ('refused', 'withdrawn') ORDER BY u.name, a.id",
       soci::into(c.application_id), soci::into(c.name), soci::into(c.email), soci::into(c.status),
       soci::into(c.organisation_name), soci::into(c.funding_intended), soci::use(session_id));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<Candidate> Repository::candidate(soci::session& sql, long long session_id,
                                               long long application_id) const {
  for (const auto& c : candidates(sql, session_id))
    if (c.application_id == application_id) return c;
  return std::nullopt;
}

std::vector<Funding> Repository::funding(soci::session& sql, long long application_id) const {
  std::vector<Funding> out;
  Funding f;
  soci::statement st = (sql.prepare << "SELECT funder, funder_name, status, amount_cents FROM training_funding_lines "
                                       "WHERE application_id = :a AND status <> 'refused' ORDER BY id",
                        soci::into(f.funder), soci::into(f.funder_name), soci::into(f.status),
                        soci::into(f.amount_cents), soci::use(application_id));
  st.execute();
  while (st.fetch()) out.push_back(f);
  return out;
}

long long Repository::insert(soci::session& sql, const Agreement& a, long long by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO training_agreements (session_id, application_id, kind, status, party_name, "
         "party_representative, party_email, title, objectives, programme, action_type, duration_minutes, place, "
         "mode, sanction, trainers, price_cents, advance_percent, starts_at, ends_at, max_trainees, created_at, "
         "created_by, updated_at) VALUES (:s, :a, :k, 'draft', :pn, :pr, :pe, :t, :o, :p, :at, :d, :pl, :m, :sa, "
         ":tr, :pc, :ap, :st, :en, :mx, :c, :b, :u) RETURNING id",
      soci::use(a.session_id), soci::use(a.application_id), soci::use(a.kind), soci::use(a.party_name),
      soci::use(a.party_representative), soci::use(a.party_email), soci::use(a.title), soci::use(a.objectives),
      soci::use(a.programme), soci::use(a.action_type), soci::use(a.duration_minutes), soci::use(a.place),
      soci::use(a.mode), soci::use(a.sanction), soci::use(a.trainers), soci::use(a.price_cents),
      soci::use(a.advance_percent), soci::use(a.starts_at), soci::use(a.ends_at), soci::use(a.max_trainees),
      soci::use(now), soci::use(by), soci::use(now), soci::into(id);
  return id;
}

bool Repository::update_content(soci::session& sql, const Agreement& a, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE training_agreements SET party_name = :pn, party_representative = :pr, party_email = :pe, "
                      "title = :t, objectives = :o, programme = :p, action_type = :at, duration_minutes = :d, "
                      "place = :pl, mode = :m, sanction = :sa, trainers = :tr, price_cents = :pc, "
                      "advance_percent = :ap, starts_at = :st, ends_at = :en, max_trainees = :mx, updated_at = :u "
                      "WHERE id = :id AND status IN ('draft', 'sent')",
       soci::use(a.party_name), soci::use(a.party_representative), soci::use(a.party_email), soci::use(a.title),
       soci::use(a.objectives), soci::use(a.programme), soci::use(a.action_type), soci::use(a.duration_minutes),
       soci::use(a.place), soci::use(a.mode), soci::use(a.sanction), soci::use(a.trainers), soci::use(a.price_cents),
       soci::use(a.advance_percent), soci::use(a.starts_at), soci::use(a.ends_at), soci::use(a.max_trainees),
       soci::use(now), soci::use(a.id));
  return changed(st);
}

void Repository::set_current(soci::session& sql, long long id, long long number, const std::string& sha256) const {
  sql << "UPDATE training_agreements SET current_version = :n, current_sha256 = :h WHERE id = :id", soci::use(number),
      soci::use(sha256), soci::use(id);
}

long long Repository::next_version_number(soci::session& sql, long long agreement_id) const {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(MAX(number), 0) AS BIGINT) FROM training_agreement_versions WHERE agreement_id = :a",
      soci::into(n), soci::use(agreement_id);
  return n + 1;
}

long long Repository::insert_version(soci::session& sql, const Version& v, long long by) const {
  long long id = 0;
  std::string hex = store::to_hex(v.data);
  sql << "INSERT INTO training_agreement_versions (agreement_id, number, file_name, sha256, data, size_bytes, "
         "content, created_at, created_by) VALUES (:a, :n, :f, :h, decode(:d, 'hex'), :s, :t, :c, :b) RETURNING id",
      soci::use(v.agreement_id), soci::use(v.number), soci::use(v.file_name), soci::use(v.sha256), soci::use(hex),
      soci::use(v.size_bytes), soci::use(v.content), soci::use(v.created_at), soci::use(by), soci::into(id);
  return id;
}

std::optional<Agreement> Repository::find(soci::session& sql, long long id) const {
  Agreement a;
  sql << std::string(kColumns) + "WHERE a.id = :id", AG_INTO(a), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

std::optional<Agreement> Repository::find_by_token_hash(soci::session& sql, const std::string& token_hash) const {
  if (token_hash.empty()) return std::nullopt;
  Agreement a;
  sql << std::string(kColumns) + "WHERE a.token_hash = :h", AG_INTO(a), soci::use(token_hash);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

std::vector<Agreement> Repository::of_session(soci::session& sql, long long session_id, long long offset,
                                              long long limit) const {
  Agreement a;
  soci::statement st = (sql.prepare << std::string(kColumns) +
                                           "WHERE a.session_id = :s ORDER BY a.created_at DESC, a.id DESC "
                                           "LIMIT :l OFFSET :o",
                        AG_INTO(a), soci::use(session_id), soci::use(limit), soci::use(offset));
  return fetch(st, a);
}

long long Repository::count_of_session(soci::session& sql, long long session_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_agreements WHERE session_id = :s", soci::into(n),
      soci::use(session_id);
  return n;
}

std::vector<Agreement> Repository::of_application(soci::session& sql, long long application_id) const {
  Agreement a;
  soci::statement st =
      (sql.prepare << std::string(kColumns) + "WHERE a.application_id = :ap ORDER BY a.created_at DESC, a.id DESC",
       AG_INTO(a), soci::use(application_id));
  return fetch(st, a);
}

std::vector<Version> Repository::versions(soci::session& sql, long long agreement_id) const {
  std::vector<Version> out;
  Version v;
  soci::statement st =
      (sql.prepare << "SELECT id, agreement_id, number, file_name, sha256, size_bytes, created_at, outbox_id, sent_to, "
                      "sent_at FROM training_agreement_versions WHERE agreement_id = :a ORDER BY number DESC",
       soci::into(v.id), soci::into(v.agreement_id), soci::into(v.number), soci::into(v.file_name),
       soci::into(v.sha256), soci::into(v.size_bytes), soci::into(v.created_at), soci::into(v.outbox_id),
       soci::into(v.sent_to), soci::into(v.sent_at), soci::use(agreement_id));
  st.execute();
  while (st.fetch()) out.push_back(v);
  return out;
}

std::optional<Version> Repository::version(soci::session& sql, long long agreement_id, long long number) const {
  Version v;
  std::string hex;
  sql << "SELECT id, agreement_id, number, file_name, sha256, size_bytes, created_at, outbox_id, sent_to, sent_at, "
         "content, encode(data, 'hex') FROM training_agreement_versions WHERE agreement_id = :a AND number = :n",
      soci::into(v.id), soci::into(v.agreement_id), soci::into(v.number), soci::into(v.file_name), soci::into(v.sha256),
      soci::into(v.size_bytes), soci::into(v.created_at), soci::into(v.outbox_id), soci::into(v.sent_to),
      soci::into(v.sent_at), soci::into(v.content), soci::into(hex), soci::use(agreement_id), soci::use(number);
  if (!sql.got_data()) return std::nullopt;
  v.data = store::from_hex(hex);
  return v;
}

void Repository::mark_version_sent(soci::session& sql, long long version_id, long long outbox_id, const std::string& to,
                                   long long now) const {
  sql << "UPDATE training_agreement_versions SET outbox_id = :o, sent_to = :t, sent_at = :n WHERE id = :id",
      soci::use(outbox_id), soci::use(to), soci::use(now), soci::use(version_id);
}

bool Repository::mark_sent(soci::session& sql, long long id, const std::string& token_hash, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE training_agreements SET status = 'sent', token_hash = :h, "
                                       "updated_at = :n WHERE id = :id AND status IN ('draft', 'sent')",
                        soci::use(token_hash), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::sign_online(soci::session& sql, long long id, const std::string& sha256, const std::string& name,
                             const std::string& ip, const std::string& agent, long long signed_at,
                             long long withdrawal_ends_at) const {
  soci::statement st =
      (sql.prepare << "UPDATE training_agreements SET status = 'signed', signature_kind = 'online', signed_at = :t, "
                      "signed_version = current_version, signed_sha256 = current_sha256, signer_name = :n, "
                      "signer_ip = :ip, signer_agent = :ua, withdrawal_ends_at = :w, updated_at = :t2 "
                      "WHERE id = :id AND status = 'sent' AND current_sha256 = :h",
       soci::use(signed_at), soci::use(name), soci::use(ip), soci::use(agent), soci::use(withdrawal_ends_at),
       soci::use(signed_at), soci::use(id), soci::use(sha256));
  return changed(st);
}

bool Repository::sign_upload(soci::session& sql, long long id, const std::string& signer, const std::string& file_name,
                             const std::string& bytes, const std::string& sha256, long long signed_at,
                             long long withdrawal_ends_at, long long by, long long now) const {
  std::string hex = store::to_hex(bytes);
  long long size = static_cast<long long>(bytes.size());
  soci::statement st =
      (sql.prepare << "UPDATE training_agreements SET status = 'signed', signature_kind = 'upload', signed_at = :t, "
                      "signed_version = current_version, signed_sha256 = current_sha256, signer_name = :n, "
                      "upload_name = :f, upload_sha256 = :h, upload_size = :s, upload_data = decode(:d, 'hex'), "
                      "withdrawal_ends_at = :w, recorded_by = :b, updated_at = :u "
                      "WHERE id = :id AND status IN ('draft', 'sent')",
       soci::use(signed_at), soci::use(signer), soci::use(file_name), soci::use(sha256), soci::use(size),
       soci::use(hex), soci::use(withdrawal_ends_at), soci::use(by), soci::use(now), soci::use(id));
  return changed(st);
}

std::string Repository::upload_data(soci::session& sql, long long id) const {
  std::string hex;
  sql << "SELECT COALESCE(encode(upload_data, 'hex'), '') FROM training_agreements WHERE id = :id", soci::into(hex),
      soci::use(id);
  return store::from_hex(hex);
}

bool Repository::withdraw(soci::session& sql, long long id, long long now, const std::string& ip) const {
  soci::statement st = (sql.prepare << "UPDATE training_agreements SET status = 'withdrawn', withdrawn_at = :n, "
                                       "withdrawn_ip = :ip, updated_at = :n2 WHERE id = :id AND kind = 'contract' "
                                       "AND status = 'signed' AND withdrawal_ends_at > :n3",
                        soci::use(now), soci::use(ip), soci::use(now), soci::use(id), soci::use(now));
  return changed(st);
}

bool Repository::withdraw_by_letter(soci::session& sql, long long id, long long withdrawn_at, long long by,
                                    long long now) const {
  soci::statement st = (sql.prepare << "UPDATE training_agreements SET status = 'withdrawn', withdrawn_at = :w, "
                                       "recorded_by = :b, updated_at = :n WHERE id = :id AND kind = 'contract' "
                                       "AND status = 'signed'",
                        soci::use(withdrawn_at), soci::use(by), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::cancel(soci::session& sql, long long id, const std::string& reason, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE training_agreements SET status = 'cancelled', cancelled_at = :n, cancel_reason = :r, "
                      "updated_at = :n2 WHERE id = :id AND status IN ('draft', 'sent', 'signed')",
       soci::use(now), soci::use(reason), soci::use(now), soci::use(id));
  return changed(st);
}

long long Repository::session_by_titles(soci::session& sql, const std::string& programme,
                                        const std::string& session) const {
  long long id = 0;
  sql << "SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "WHERE p.title = :p AND s.title = :s ORDER BY s.id LIMIT 1",
      soci::into(id), soci::use(programme), soci::use(session);
  return sql.got_data() ? id : 0;
}

long long Repository::application_of(soci::session& sql, long long session_id, const std::string& email) const {
  long long id = 0;
  sql << "SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.session_id = :s "
         "AND u.email = :e ORDER BY a.id DESC LIMIT 1",
      soci::into(id), soci::use(session_id), soci::use(email);
  return sql.got_data() ? id : 0;
}

std::string Repository::user_name(soci::session& sql, long long user_id) const {
  std::string name;
  sql << "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(user_id);
  return sql.got_data() ? name : "";
}

void Repository::backdate(soci::session& sql, long long id, long long created_at) const {
  sql << "UPDATE training_agreements SET created_at = :c WHERE id = :id", soci::use(created_at), soci::use(id);
  sql << "UPDATE training_agreement_versions SET created_at = :c WHERE agreement_id = :id AND created_at > :c2",
      soci::use(created_at), soci::use(id), soci::use(created_at);
}

void Repository::lock_application(soci::session& sql, long long application_id) const {
  store::lock_row(sql, "training_applications", application_id);
}

}  // namespace trame::agreements
