#include "cooperation/diagnosis/repository.hpp"

namespace trame::diagnosis {

namespace {

// A section with its latest revision's text, author and time (none when never written).
const char* kSectionSelect =
    "SELECT s.id, s.project_id, s.key, s.title, s.position, s.revision, COALESCE(r.body, ''), "
    "COALESCE(r.created_at, s.updated_at), COALESCE(r.author_id, 0), COALESCE(u.name, '') "
    "FROM cooperation_diagnosis_sections s "
    "LEFT JOIN cooperation_diagnosis_revisions r ON r.diagnosis_section_id = s.id AND r.number = s.revision "
    "LEFT JOIN users u ON u.id = r.author_id ";

#define TRAME_SECTION_INTO(s)                                                                               \
  soci::into((s).id), soci::into((s).project_id), soci::into((s).key), soci::into((s).title),               \
      soci::into((s).position), soci::into((s).revision), soci::into((s).body), soci::into((s).updated_at), \
      soci::into((s).updated_by), soci::into((s).updated_by_name)

}  // namespace

std::vector<Section> Repository::sections(soci::session& sql, long long project_id) const {
  std::vector<Section> out;
  Section s;
  soci::statement st =
      (sql.prepare << std::string(kSectionSelect) + "WHERE s.project_id = :p ORDER BY s.position, s.id",
       TRAME_SECTION_INTO(s), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(s);
  return out;
}

std::optional<Section> Repository::section(soci::session& sql, long long project_id, long long section_id) const {
  Section s;
  sql << std::string(kSectionSelect) + "WHERE s.id = :id AND s.project_id = :p", TRAME_SECTION_INTO(s),
      soci::use(section_id), soci::use(project_id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::vector<std::string> Repository::keys(soci::session& sql, long long project_id) const {
  std::vector<std::string> out;
  std::string key;
  soci::statement st = (sql.prepare << "SELECT key FROM cooperation_diagnosis_sections WHERE project_id = :p AND "
                                       "key <> '' ORDER BY key",
                        soci::into(key), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(key);
  return out;
}

long long Repository::insert_section(soci::session& sql, long long project_id, const std::string& key,
                                     const std::string& title, long long by, long long now) const {
  long long position = 0;
  sql << "SELECT CAST(COALESCE(MAX(position), 0) + 1 AS BIGINT) FROM cooperation_diagnosis_sections WHERE "
         "project_id = :p",
      soci::into(position), soci::use(project_id);
  long long id = 0;
  // Two first visits at once both try the defaults: the unique (project, key) index keeps one of each.
  soci::indicator got = soci::i_null;
  sql << "INSERT INTO cooperation_diagnosis_sections (project_id, key, title, position, revision, created_by, "
         "created_at, updated_at) VALUES (:p, :k, :t, :pos, 0, :by, :n, :n2) ON CONFLICT DO NOTHING RETURNING id",
      soci::use(project_id), soci::use(key), soci::use(title), soci::use(position), soci::use(by), soci::use(now),
      soci::use(now), soci::into(id, got);
  return sql.got_data() && got == soci::i_ok ? id : 0;
}

void Repository::rename(soci::session& sql, long long section_id, const std::string& title, long long now) const {
  sql << "UPDATE cooperation_diagnosis_sections SET title = :t, updated_at = :n WHERE id = :id", soci::use(title),
      soci::use(now), soci::use(section_id);
}

bool Repository::advance(soci::session& sql, long long section_id, long long base, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_diagnosis_sections SET revision = revision + 1, "
                                       "updated_at = :n WHERE id = :id AND revision = :base",
                        soci::use(now), soci::use(section_id), soci::use(base));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::insert_revision(soci::session& sql, long long section_id, long long number, const std::string& body,
                                 long long author, long long now) const {
  sql << "INSERT INTO cooperation_diagnosis_revisions (diagnosis_section_id, number, body, author_id, created_at) "
         "VALUES (:s, :num, :b, :a, :n)",
      soci::use(section_id), soci::use(number), soci::use(body), soci::use(author), soci::use(now);
}

std::optional<Revision> Repository::revision(soci::session& sql, long long section_id, long long number) const {
  Revision r;
  sql << "SELECT r.id, r.diagnosis_section_id, r.number, r.body, r.author_id, COALESCE(u.name, ''), r.created_at "
         "FROM cooperation_diagnosis_revisions r LEFT JOIN users u ON u.id = r.author_id "
         "WHERE r.diagnosis_section_id = :s AND r.number = :n",
      soci::into(r.id), soci::into(r.section_id), soci::into(r.number), soci::into(r.body), soci::into(r.author_id),
      soci::into(r.author_name), soci::into(r.created_at), soci::use(section_id), soci::use(number);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

std::vector<Revision> Repository::revisions(soci::session& sql, long long section_id, int limit, int offset) const {
  std::vector<Revision> out;
  Revision r;
  soci::statement st =
      (sql.prepare << "SELECT r.id, r.diagnosis_section_id, r.number, r.author_id, COALESCE(u.name, ''), "
                      "r.created_at FROM cooperation_diagnosis_revisions r LEFT JOIN users u ON u.id = r.author_id "
                      "WHERE r.diagnosis_section_id = :s ORDER BY r.number DESC LIMIT :l OFFSET :o",
       soci::into(r.id), soci::into(r.section_id), soci::into(r.number), soci::into(r.author_id),
       soci::into(r.author_name), soci::into(r.created_at), soci::use(section_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

long long Repository::count_revisions(soci::session& sql, long long section_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM cooperation_diagnosis_revisions WHERE diagnosis_section_id = :s",
      soci::into(n), soci::use(section_id);
  return n;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::diagnosis
