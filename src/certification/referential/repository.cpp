#include "certification/referential/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::referential {

namespace {

const char* kCertificationSelect =
    "SELECT c.id, c.owner_id, o.name, c.status, c.current_version, c.updated_at "
    "FROM certifications c JOIN organisations o ON o.id = c.owner_id ";

#define TRAME_CERTIFICATION_INTO(c)                                                                 \
  soci::into((c).id), soci::into((c).owner_id), soci::into((c).owner_name), soci::into((c).status), \
      soci::into((c).current_version), soci::into((c).updated_at)

const char* kVersionSelect =
    "SELECT id, certification_id, number, title, register, registration_number, decision_date, validity_end, "
    "summary, audience, prerequisites, modalities, equivalences, created_at, locked_at FROM certification_versions ";

#define TRAME_VERSION_INTO(v)                                                                                         \
  soci::into((v).id), soci::into((v).certification_id), soci::into((v).number), soci::into((v).title),                \
      soci::into((v).register_), soci::into((v).registration_number), soci::into((v).decision_date),                  \
      soci::into((v).validity_end), soci::into((v).summary), soci::into((v).audience), soci::into((v).prerequisites), \
      soci::into((v).modalities), soci::into((v).equivalences), soci::into((v).created_at), soci::into((v).locked_at)

// The place of a version (v.*) reached through a join ending in "v" and "c".
const char* kPlaceSelect = "SELECT c.id, c.owner_id, v.id, v.number, v.locked_at, c.current_version ";

std::optional<Place> place(soci::session& sql, const std::string& from_where, long long id) {
  Place p;
  sql << std::string(kPlaceSelect) + from_where, soci::into(p.certification_id), soci::into(p.owner_id),
      soci::into(p.version_id), soci::into(p.version_number), soci::into(p.locked_at), soci::into(p.current_version),
      soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

}  // namespace

std::optional<Certification> Repository::certification(soci::session& sql, long long id) const {
  Certification c;
  sql << std::string(kCertificationSelect) + "WHERE c.id = :id", TRAME_CERTIFICATION_INTO(c), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

std::vector<Certification> Repository::list(soci::session& sql, const ActingFor& managed, long long limit,
                                            long long offset, long long& total) const {
  std::string where = "WHERE c.status = 'published'";
  if (managed.all) where = "WHERE 1 = 1";
  else if (!managed.organisations.empty()) where += " OR " + store::in_ids(sql, "c.owner_id", managed.organisations);
  where += " ";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certifications c " + where, soci::into(total);
  Certification c;
  soci::statement st = (sql.prepare << std::string(kCertificationSelect) + where +
                                           "ORDER BY c.status = 'archived', "
                                           "(SELECT v.title FROM certification_versions v WHERE v.certification_id = "
                                           "c.id AND v.number = c.current_version), c.id LIMIT :l OFFSET :o",
                        TRAME_CERTIFICATION_INTO(c), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Certification> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<Version> Repository::version(soci::session& sql, long long certification_id, long long number) const {
  Version v;
  sql << std::string(kVersionSelect) + "WHERE certification_id = :c AND number = :n", TRAME_VERSION_INTO(v),
      soci::use(certification_id), soci::use(number);
  if (!sql.got_data()) return std::nullopt;
  return v;
}

std::vector<Version> Repository::versions(soci::session& sql, long long certification_id) const {
  Version v;
  soci::statement st = (sql.prepare << std::string(kVersionSelect) + "WHERE certification_id = :c ORDER BY number",
                        TRAME_VERSION_INTO(v), soci::use(certification_id));
  st.execute();
  std::vector<Version> out;
  while (st.fetch()) out.push_back(v);
  return out;
}

std::vector<Block> Repository::tree(soci::session& sql, long long version_id) const {
  std::vector<Block> blocks;
  {
    Block b;
    soci::statement st = (sql.prepare << "SELECT id, version_id, position, code, title, description FROM "
                                         "certification_blocks WHERE version_id = :v ORDER BY position, id",
                          soci::into(b.id), soci::into(b.version_id), soci::into(b.position), soci::into(b.code),
                          soci::into(b.title), soci::into(b.description), soci::use(version_id));
    st.execute();
    while (st.fetch()) blocks.push_back(b);
  }
  std::map<long long, Competence*> by_id;
  {
    Competence c;
    soci::statement st =
        (sql.prepare << "SELECT k.id, k.block_id, k.position, k.title FROM certification_competences k JOIN "
                        "certification_blocks b ON b.id = k.block_id WHERE b.version_id = :v ORDER BY k.position, k.id",
         soci::into(c.id), soci::into(c.block_id), soci::into(c.position), soci::into(c.title), soci::use(version_id));
    st.execute();
    while (st.fetch())
      for (auto& b : blocks)
        if (b.id == c.block_id) b.competences.push_back(c);
  }
  for (auto& b : blocks)
    for (auto& c : b.competences) by_id[c.id] = &c;
  Criterion r;
  soci::statement st =
      (sql.prepare << "SELECT r.id, r.competence_id, r.position, r.title, r.modality FROM certification_criteria r "
                      "JOIN certification_competences k ON k.id = r.competence_id JOIN certification_blocks b ON "
                      "b.id = k.block_id WHERE b.version_id = :v ORDER BY r.position, r.id",
       soci::into(r.id), soci::into(r.competence_id), soci::into(r.position), soci::into(r.title),
       soci::into(r.modality), soci::use(version_id));
  st.execute();
  while (st.fetch()) {
    auto it = by_id.find(r.competence_id);
    if (it != by_id.end()) it->second->criteria.push_back(r);
  }
  return blocks;
}

long long Repository::insert_certification(soci::session& sql, long long owner_id, long long now, long long by) const {
  long long id = 0;
  sql << "INSERT INTO certifications (owner_id, status, current_version, created_at, created_by, updated_at) "
         "VALUES (:o, 'draft', 1, :n, :b, :u) RETURNING id",
      soci::use(owner_id), soci::use(now), soci::use(by), soci::use(now), soci::into(id);
  return id;
}

long long Repository::insert_version(soci::session& sql, const Version& v, long long now) const {
  long long id = 0;
  sql << "INSERT INTO certification_versions (certification_id, number, title, register, registration_number, "
         "decision_date, validity_end, summary, audience, prerequisites, modalities, equivalences, created_at, "
         "locked_at) VALUES (:c, :n, :t, :r, :rn, :dd, :ve, :s, :a, :p, :m, :e, :ca, 0) RETURNING id",
      soci::use(v.certification_id), soci::use(v.number), soci::use(v.title), soci::use(v.register_),
      soci::use(v.registration_number), soci::use(v.decision_date), soci::use(v.validity_end), soci::use(v.summary),
      soci::use(v.audience), soci::use(v.prerequisites), soci::use(v.modalities), soci::use(v.equivalences),
      soci::use(now), soci::into(id);
  return id;
}

void Repository::update_version(soci::session& sql, const Version& v) const {
  sql << "UPDATE certification_versions SET title = :t, register = :r, registration_number = :rn, decision_date = "
         ":dd, validity_end = :ve, summary = :s, audience = :a, prerequisites = :p, modalities = :m, equivalences = :e "
         "WHERE id = :id",
      soci::use(v.title), soci::use(v.register_), soci::use(v.registration_number), soci::use(v.decision_date),
      soci::use(v.validity_end), soci::use(v.summary), soci::use(v.audience), soci::use(v.prerequisites),
      soci::use(v.modalities), soci::use(v.equivalences), soci::use(v.id);
}

void Repository::set_status(soci::session& sql, long long id, const std::string& status, long long now) const {
  sql << "UPDATE certifications SET status = :s, updated_at = :u WHERE id = :id", soci::use(status), soci::use(now),
      soci::use(id);
}

void Repository::touch(soci::session& sql, long long id, long long now) const {
  sql << "UPDATE certifications SET updated_at = :u WHERE id = :id", soci::use(now), soci::use(id);
}

void Repository::set_current_version(soci::session& sql, long long id, long long number, long long now) const {
  sql << "UPDATE certifications SET current_version = :n, updated_at = :u WHERE id = :id", soci::use(number),
      soci::use(now), soci::use(id);
}

Copied Repository::copy_version(soci::session& sql, const Version& from, long long new_version_id) const {
  Copied copied;
  for (const auto& b : tree(sql, from.id)) {
    Block nb = b;
    nb.version_id = new_version_id;
    long long block_id = insert_block(sql, nb);
    copied.blocks[b.id] = block_id;
    for (const auto& c : b.competences) {
      Competence nc = c;
      nc.block_id = block_id;
      long long competence_id = insert_competence(sql, nc);
      copied.competences[c.id] = competence_id;
      // A module that prepared the old competence prepares its copy.
      sql << "INSERT INTO certification_module_competences (module_id, competence_id) SELECT module_id, :n FROM "
             "certification_module_competences WHERE competence_id = :o",
          soci::use(competence_id), soci::use(c.id);
      for (const auto& r : c.criteria) {
        Criterion nr = r;
        nr.competence_id = competence_id;
        copied.criteria[r.id] = insert_criterion(sql, nr);
      }
    }
  }
  return copied;
}

std::optional<Place> Repository::place_of_version(soci::session& sql, long long version_id) const {
  return place(sql, "FROM certification_versions v JOIN certifications c ON c.id = v.certification_id WHERE v.id = :id",
               version_id);
}

std::optional<Place> Repository::place_of_block(soci::session& sql, long long block_id) const {
  return place(sql,
               "FROM certification_blocks b JOIN certification_versions v ON v.id = b.version_id JOIN certifications c "
               "ON c.id = v.certification_id WHERE b.id = :id",
               block_id);
}

std::optional<Place> Repository::place_of_competence(soci::session& sql, long long competence_id) const {
  return place(sql,
               "FROM certification_competences k JOIN certification_blocks b ON b.id = k.block_id JOIN "
               "certification_versions v ON v.id = b.version_id JOIN certifications c ON c.id = v.certification_id "
               "WHERE k.id = :id",
               competence_id);
}

std::optional<Place> Repository::place_of_criterion(soci::session& sql, long long criterion_id) const {
  return place(sql,
               "FROM certification_criteria r JOIN certification_competences k ON k.id = r.competence_id JOIN "
               "certification_blocks b ON b.id = k.block_id JOIN certification_versions v ON v.id = b.version_id "
               "JOIN certifications c ON c.id = v.certification_id WHERE r.id = :id",
               criterion_id);
}

bool Repository::block_code_taken(soci::session& sql, long long version_id, const std::string& code,
                                  long long except) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_blocks WHERE version_id = :v AND lower(code) = "
         "lower(:c) AND id <> :e",
      soci::use(version_id), soci::use(code), soci::use(except), soci::into(n);
  return n > 0;
}

long long Repository::insert_block(soci::session& sql, const Block& b) const {
  long long id = 0;
  sql << "INSERT INTO certification_blocks (version_id, position, code, title, description) VALUES (:v, (SELECT "
         "COALESCE(MAX(position), 0) + 1 FROM certification_blocks WHERE version_id = :v2), :c, :t, :d) RETURNING id",
      soci::use(b.version_id), soci::use(b.version_id), soci::use(b.code), soci::use(b.title), soci::use(b.description),
      soci::into(id);
  return id;
}

void Repository::update_block(soci::session& sql, const Block& b) const {
  sql << "UPDATE certification_blocks SET code = :c, title = :t, description = :d WHERE id = :id", soci::use(b.code),
      soci::use(b.title), soci::use(b.description), soci::use(b.id);
}

void Repository::delete_block(soci::session& sql, long long id) const {
  std::vector<long long> competences;
  {
    long long c = 0;
    soci::statement st =
        (sql.prepare << "SELECT id FROM certification_competences WHERE block_id = :b", soci::into(c), soci::use(id));
    st.execute();
    while (st.fetch()) competences.push_back(c);
  }
  for (long long c : competences) delete_competence(sql, c);
  sql << "DELETE FROM certification_blocks WHERE id = :id", soci::use(id);
}

long long Repository::insert_competence(soci::session& sql, const Competence& c) const {
  long long id = 0;
  sql << "INSERT INTO certification_competences (block_id, position, title) VALUES (:b, (SELECT "
         "COALESCE(MAX(position), 0) + 1 FROM certification_competences WHERE block_id = :b2), :t) RETURNING id",
      soci::use(c.block_id), soci::use(c.block_id), soci::use(c.title), soci::into(id);
  return id;
}

void Repository::update_competence(soci::session& sql, long long id, const std::string& title) const {
  sql << "UPDATE certification_competences SET title = :t WHERE id = :id", soci::use(title), soci::use(id);
}

void Repository::delete_competence(soci::session& sql, long long id) const {
  sql << "DELETE FROM certification_criteria WHERE competence_id = :id", soci::use(id);
  sql << "DELETE FROM certification_module_competences WHERE competence_id = :id", soci::use(id);
  sql << "DELETE FROM certification_competences WHERE id = :id", soci::use(id);
}

long long Repository::insert_criterion(soci::session& sql, const Criterion& c) const {
  long long id = 0;
  sql << "INSERT INTO certification_criteria (competence_id, position, title, modality) VALUES (:k, (SELECT "
         "COALESCE(MAX(position), 0) + 1 FROM certification_criteria WHERE competence_id = :k2), :t, :m) RETURNING id",
      soci::use(c.competence_id), soci::use(c.competence_id), soci::use(c.title), soci::use(c.modality), soci::into(id);
  return id;
}

void Repository::update_criterion(soci::session& sql, const Criterion& c) const {
  sql << "UPDATE certification_criteria SET title = :t, modality = :m WHERE id = :id", soci::use(c.title),
      soci::use(c.modality), soci::use(c.id);
}

void Repository::delete_criterion(soci::session& sql, long long id) const {
  sql << "DELETE FROM certification_criteria WHERE id = :id", soci::use(id);
}

bool Repository::move(soci::session& sql, const std::string& table, const std::string& parent_column, long long id,
                      bool up) const {
  // table and parent_column are the service's constants, never input.
  long long parent = 0, position = 0;
  sql << "SELECT " + parent_column + ", position FROM " + table + " WHERE id = :id", soci::into(parent),
      soci::into(position), soci::use(id);
  if (!sql.got_data()) return false;
  long long other = 0, other_position = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id, position FROM " + table + " WHERE " + parent_column + " = :p AND id <> :id AND " +
             (up ? "(position < :pos OR (position = :pos2 AND id < :id2)) ORDER BY position DESC, id DESC"
                 : "(position > :pos OR (position = :pos2 AND id > :id2)) ORDER BY position, id") +
             " LIMIT 1",
      soci::into(other, ind), soci::into(other_position), soci::use(parent), soci::use(id), soci::use(position),
      soci::use(position), soci::use(id);
  if (!sql.got_data() || ind == soci::i_null) return false;
  if (other_position == position) other_position = up ? position - 1 : position + 1;
  sql << "UPDATE " + table + " SET position = :p WHERE id = :id", soci::use(other_position), soci::use(id);
  sql << "UPDATE " + table + " SET position = :p WHERE id = :id", soci::use(position), soci::use(other);
  return true;
}

std::vector<PreparedBy> Repository::prepared_by(soci::session& sql, long long certification_id) const {
  std::vector<PreparedBy> out;
  {
    PreparedBy p;
    soci::statement st =
        (sql.prepare << "SELECT p.id, p.title, o.name FROM certification_preparations cp JOIN training_programmes p "
                        "ON p.id = cp.programme_id JOIN organisations o ON o.id = p.organiser_id WHERE "
                        "cp.certification_id = :c AND p.status = 'published' ORDER BY o.name, p.title, p.id",
         soci::into(p.programme_id), soci::into(p.programme_title), soci::into(p.organiser_name),
         soci::use(certification_id));
    st.execute();
    while (st.fetch()) out.push_back(p);
  }
  for (auto& p : out) {
    PreparedBy::Module m;
    soci::statement st = (sql.prepare << "SELECT id, title FROM training_modules WHERE programme_id = :p ORDER BY "
                                         "position, id",
                          soci::into(m.id), soci::into(m.title), soci::use(p.programme_id));
    st.execute();
    while (st.fetch()) p.modules.push_back(m);
    for (auto& module : p.modules) {
      long long c = 0;
      soci::statement links =
          (sql.prepare << "SELECT competence_id FROM certification_module_competences WHERE module_id = :m",
           soci::into(c), soci::use(module.id));
      links.execute();
      while (links.fetch()) module.competences.push_back(c);
    }
  }
  return out;
}

long long Repository::prepared_certification(soci::session& sql, long long programme_id) const {
  long long id = 0;
  sql << "SELECT certification_id FROM certification_preparations WHERE programme_id = :p", soci::into(id),
      soci::use(programme_id);
  return sql.got_data() ? id : 0;
}

void Repository::set_preparation(soci::session& sql, long long programme_id, long long certification_id,
                                 const std::vector<std::pair<long long, long long>>& module_competences,
                                 long long now) const {
  sql << "DELETE FROM certification_module_competences WHERE module_id IN (SELECT id FROM training_modules WHERE "
         "programme_id = :p)",
      soci::use(programme_id);
  sql << "DELETE FROM certification_preparations WHERE programme_id = :p", soci::use(programme_id);
  if (!certification_id) return;
  sql << "INSERT INTO certification_preparations (programme_id, certification_id, updated_at) VALUES (:p, :c, :u)",
      soci::use(programme_id), soci::use(certification_id), soci::use(now);
  for (const auto& [module, competence] : module_competences)
    sql << "INSERT INTO certification_module_competences (module_id, competence_id) VALUES (:m, :c)", soci::use(module),
        soci::use(competence);
}

std::vector<long long> Repository::module_ids(soci::session& sql, long long programme_id) const {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM training_modules WHERE programme_id = :p ORDER BY position, id",
                        soci::into(id), soci::use(programme_id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<Choice> Repository::published_choices(soci::session& sql) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT c.id, v.title || ' (' || o.name || ')' FROM certifications c JOIN certification_versions "
                      "v ON v.certification_id = c.id AND v.number = c.current_version JOIN organisations o ON o.id = "
                      "c.owner_id WHERE c.status = 'published' ORDER BY v.title, c.id",
       soci::into(c.id), soci::into(c.label));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Choice> Repository::certifiers(soci::session& sql) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE kind IN ('certifier', 'training', "
                                       "'authority') AND status = 'active' ORDER BY name, id LIMIT 500",
                        soci::into(c.id), soci::into(c.label));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::organisation_named(soci::session& sql, const std::string& name) const {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

long long Repository::certification_titled(soci::session& sql, long long owner_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id WHERE "
         "c.owner_id = :o AND v.title = :t",
      soci::into(id), soci::use(owner_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::programme_titled(soci::session& sql, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM training_programmes WHERE title = :t", soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::referential
