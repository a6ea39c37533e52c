#include "certification/certificates/repository.hpp"

#include <map>

#include "platform/store/bytes.hpp"

namespace trame::certificates {

namespace {

const char* kCertificateSelect =
    "SELECT k.id, k.registration_id, k.session_id, k.complete, k.blocks, k.issued_at, k.key_id, k.sha256, "
    "k.revoked_at, k.revoked_reason, k.exported_at, r.certification_id, c.owner_id, o.name, r.user_id, u.name, "
    "u.email, r.code, r.birth_date, v.title, v.register, v.registration_number, v.decision_date, v.validity_end, "
    "s.title, s.day "
    "FROM certification_certificates k JOIN certification_registrations r ON r.id = k.registration_id "
    "JOIN certifications c ON c.id = r.certification_id JOIN organisations o ON o.id = c.owner_id "
    "JOIN users u ON u.id = r.user_id JOIN certification_versions v ON v.id = r.version_id "
    "JOIN certification_sessions s ON s.id = k.session_id ";

struct Row {
  Certificate c;
  int complete = 0;
};

#define TRAME_CERTIFICATE_INTO(x)                                                                                  \
  soci::into((x).c.id), soci::into((x).c.registration_id), soci::into((x).c.session_id), soci::into((x).complete), \
      soci::into((x).c.blocks), soci::into((x).c.issued_at), soci::into((x).c.key_id), soci::into((x).c.sha256),   \
      soci::into((x).c.revoked_at), soci::into((x).c.revoked_reason), soci::into((x).c.exported_at),               \
      soci::into((x).c.certification_id), soci::into((x).c.owner_id), soci::into((x).c.owner_name),                \
      soci::into((x).c.user_id), soci::into((x).c.holder_name), soci::into((x).c.holder_email),                    \
      soci::into((x).c.registration_code), soci::into((x).c.birth_date), soci::into((x).c.certification_title),    \
      soci::into((x).c.register_), soci::into((x).c.registration_number), soci::into((x).c.decision_date),         \
      soci::into((x).c.validity_end), soci::into((x).c.session_title), soci::into((x).c.session_day)

template <typename... Uses>
std::vector<Certificate> fetch(soci::session& sql, const std::string& where, Uses&&... uses) {
  Row row;
  soci::statement st = ((sql.prepare << std::string(kCertificateSelect) + where, TRAME_CERTIFICATE_INTO(row)), ...,
                        std::forward<Uses>(uses));
  st.execute();
  std::vector<Certificate> out;
  while (st.fetch()) {
    row.c.complete = row.complete == 1;
    out.push_back(row.c);
  }
  return out;
}

std::vector<long long> ids(soci::statement& st, long long& x) {
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(x);
  return out;
}

}  // namespace

std::optional<SessionState> Repository::session(soci::session& sql, long long id) const {
  SessionState s;
  sql << "SELECT s.id, s.certification_id, c.owner_id, s.title, s.day, v.title, "
         "COALESCE((SELECT m.locked_at FROM certification_minutes m WHERE m.session_id = s.id), 0) "
         "FROM certification_sessions s JOIN certifications c ON c.id = s.certification_id "
         "JOIN certification_versions v ON v.certification_id = c.id AND v.number = c.current_version "
         "WHERE s.id = :id",
      soci::into(s.id), soci::into(s.certification_id), soci::into(s.owner_id), soci::into(s.title), soci::into(s.day),
      soci::into(s.certification_title), soci::into(s.minutes_locked_at), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::vector<Candidate> Repository::candidates(soci::session& sql, long long session_id) const {
  Candidate c;
  soci::statement st =
      (sql.prepare << "SELECT e.id, e.registration_id, r.version_id, v.validity_end FROM certification_entries e "
                      "JOIN certification_registrations r ON r.id = e.registration_id "
                      "JOIN certification_versions v ON v.id = r.version_id WHERE e.session_id = :s ORDER BY r.code",
       soci::into(c.entry_id), soci::into(c.registration_id), soci::into(c.version_id), soci::into(c.validity_end),
       soci::use(session_id));
  st.execute();
  std::vector<Candidate> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<BlockRef> Repository::blocks(soci::session& sql, long long version_id) const {
  BlockRef b;
  soci::statement st = (sql.prepare << "SELECT id, code, title FROM certification_blocks WHERE version_id = :v "
                                       "ORDER BY position, id",
                        soci::into(b.id), soci::into(b.code), soci::into(b.title), soci::use(version_id));
  st.execute();
  std::vector<BlockRef> out;
  while (st.fetch()) out.push_back(b);
  return out;
}

std::vector<long long> Repository::validated_in(soci::session& sql, long long entry_id) const {
  long long x = 0;
  soci::statement st =
      (sql.prepare << "SELECT block_id FROM certification_block_decisions WHERE entry_id = :e AND validated = 1",
       soci::into(x), soci::use(entry_id));
  return ids(st, x);
}

std::vector<long long> Repository::acquired(soci::session& sql, long long registration_id,
                                            const std::string& day) const {
  long long x = 0;
  soci::statement st =
      (sql.prepare << "SELECT DISTINCT d.block_id FROM certification_block_decisions d "
                      "JOIN certification_entries e ON e.id = d.entry_id "
                      "JOIN certification_sessions s ON s.id = e.session_id "
                      "JOIN certification_minutes m ON m.session_id = s.id "
                      "WHERE e.registration_id = :r AND d.validated = 1 AND m.locked_at > 0 AND s.day <= :d",
       soci::into(x), soci::use(registration_id), soci::use(day));
  return ids(st, x);
}

bool Repository::exists(soci::session& sql, long long registration_id, long long session_id) const {
  long long id = 0;
  sql << "SELECT id FROM certification_certificates WHERE registration_id = :r AND session_id = :s", soci::into(id),
      soci::use(registration_id), soci::use(session_id);
  return sql.got_data();
}

long long Repository::insert(soci::session& sql, const Certificate& c, long long now) const {
  long long id = 0;
  int complete = c.complete ? 1 : 0;
  std::string empty;
  sql << "INSERT INTO certification_certificates (registration_id, session_id, complete, blocks, issued_at, key_id, "
         "pdf, sha256) VALUES (:r, :s, :c, :b, :n, :k, decode(:p, 'hex'), '') RETURNING id",
      soci::use(c.registration_id), soci::use(c.session_id), soci::use(complete), soci::use(c.blocks), soci::use(now),
      soci::use(c.key_id), soci::use(empty), soci::into(id);
  return id;
}

void Repository::set_pdf(soci::session& sql, long long id, const std::string& bytes, const std::string& sha256) const {
  std::string hex = store::to_hex(bytes);
  sql << "UPDATE certification_certificates SET pdf = decode(:p, 'hex'), sha256 = :h WHERE id = :id", soci::use(hex),
      soci::use(sha256), soci::use(id);
}

std::optional<Certificate> Repository::certificate(soci::session& sql, long long id) const {
  auto list = fetch(sql, "WHERE k.id = :id", soci::use(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<Certificate> Repository::of_session(soci::session& sql, long long session_id) const {
  return fetch(sql, "WHERE k.session_id = :s ORDER BY r.code", soci::use(session_id));
}

std::string Repository::pdf(soci::session& sql, long long id) const {
  std::string hex;
  sql << "SELECT encode(pdf, 'hex') FROM certification_certificates WHERE id = :id", soci::into(hex), soci::use(id);
  return store::from_hex(hex);
}

void Repository::revoke(soci::session& sql, long long id, long long now, const std::string& reason) const {
  sql << "UPDATE certification_certificates SET revoked_at = :n, revoked_reason = :r WHERE id = :id AND revoked_at = 0",
      soci::use(now), soci::use(reason), soci::use(id);
}

std::vector<Certificate> Repository::exportable(soci::session& sql, long long certification_id, long long max_id,
                                                long long after_id, long long limit) const {
  return fetch(sql,
               "WHERE r.certification_id = :c AND k.revoked_at = 0 AND k.id <= :m AND k.id > :a ORDER BY k.id LIMIT :l",
               soci::use(certification_id), soci::use(max_id), soci::use(after_id), soci::use(limit));
}

long long Repository::max_id(soci::session& sql, long long certification_id) const {
  long long id = 0;
  sql << "SELECT COALESCE(MAX(k.id), 0) FROM certification_certificates k JOIN certification_registrations r "
         "ON r.id = k.registration_id WHERE r.certification_id = :c",
      soci::into(id), soci::use(certification_id);
  return id;
}

long long Repository::mark_exported(soci::session& sql, long long certification_id, long long max_id,
                                    long long now) const {
  long long n = 0;
  const char* where =
      " WHERE exported_at = 0 AND revoked_at = 0 AND id <= :m AND registration_id IN (SELECT id FROM "
      "certification_registrations WHERE certification_id = :c)";
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM certification_certificates") + where, soci::into(n),
      soci::use(max_id), soci::use(certification_id);
  sql << std::string("UPDATE certification_certificates SET exported_at = :n") + where, soci::use(now),
      soci::use(max_id), soci::use(certification_id);
  return n;
}

std::vector<ExportReminder> Repository::not_exported(soci::session& sql, long long issued_before) const {
  ExportReminder x;
  soci::statement st =
      (sql.prepare
           << "SELECT c.id, c.owner_id, v.title, CAST(COUNT(*) AS BIGINT), MIN(k.issued_at) "
              "FROM certification_certificates k JOIN certification_registrations r ON r.id = k.registration_id "
              "JOIN certifications c ON c.id = r.certification_id "
              "JOIN certification_versions v ON v.certification_id = c.id AND v.number = c.current_version "
              "WHERE k.exported_at = 0 AND k.revoked_at = 0 AND k.issued_at < :t "
              "GROUP BY c.id, c.owner_id, v.title ORDER BY MIN(k.issued_at) LIMIT 50",
       soci::into(x.certification_id), soci::into(x.owner_id), soci::into(x.title), soci::into(x.count),
       soci::into(x.oldest), soci::use(issued_before));
  st.execute();
  std::vector<ExportReminder> out;
  while (st.fetch()) out.push_back(x);
  return out;
}

std::vector<YearFigures> Repository::figures(soci::session& sql, long long certification_id) const {
  // Decisions of sessions whose minutes are locked only: the jury's results once final.
  const char* decided =
      "FROM certification_block_decisions d JOIN certification_entries e ON e.id = d.entry_id "
      "JOIN certification_sessions s ON s.id = e.session_id "
      "JOIN certification_minutes m ON m.session_id = s.id AND m.locked_at > 0 "
      "JOIN certification_blocks b ON b.id = d.block_id WHERE s.certification_id = :c ";
  std::vector<YearFigures> out;
  std::map<std::string, std::size_t> index;
  {
    std::string year;
    long long n = 0;
    soci::statement st = (sql.prepare << std::string("SELECT substr(s.day, 1, 4), CAST(COUNT(DISTINCT d.entry_id) AS "
                                                     "BIGINT) ") +
                                             decided + "GROUP BY substr(s.day, 1, 4) ORDER BY 1 DESC",
                          soci::into(year), soci::into(n), soci::use(certification_id));
    st.execute();
    while (st.fetch()) {
      index[year] = out.size();
      out.push_back(YearFigures{year, n, 0, {}});
    }
  }
  {
    std::string year;
    long long n = 0;
    soci::statement st =
        (sql.prepare << "SELECT substr(s.day, 1, 4), CAST(COUNT(*) AS BIGINT) FROM certification_certificates k "
                        "JOIN certification_sessions s ON s.id = k.session_id "
                        "JOIN certification_minutes m ON m.session_id = s.id AND m.locked_at > 0 "
                        "WHERE s.certification_id = :c AND k.complete = 1 AND k.revoked_at = 0 "
                        "GROUP BY substr(s.day, 1, 4)",
         soci::into(year), soci::into(n), soci::use(certification_id));
    st.execute();
    while (st.fetch())
      if (index.count(year)) out[index[year]].complete = n;
  }
  {
    std::string year;
    BlockFigure f;
    soci::statement st =
        (sql.prepare << std::string("SELECT substr(s.day, 1, 4), b.code, MAX(b.title), CAST(COUNT(*) AS BIGINT), "
                                    "CAST(SUM(d.validated) AS BIGINT) ") +
                            decided + "GROUP BY substr(s.day, 1, 4), b.code ORDER BY 1 DESC, 2",
         soci::into(year), soci::into(f.code), soci::into(f.title), soci::into(f.decided), soci::into(f.validated),
         soci::use(certification_id));
    st.execute();
    while (st.fetch())
      if (index.count(year)) out[index[year]].blocks.push_back(f);
  }
  return out;
}

}  // namespace trame::certificates
