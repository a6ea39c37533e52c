// SQL of trainer profiles: profiles, CVs, skills entries and who teaches where.
#include "trainings/trainers/repository.hpp"

#include "platform/store/id_list.hpp"

#include "platform/store/row.hpp"

namespace trame::trainers {

namespace {

constexpr const char* kProfileColumns =
    "SELECT u.id, u.name, u.email, COALESCE(p.id, 0), COALESCE(p.expertise, ''), COALESCE(p.years_practice, 0), "
    "COALESCE(p.public_consent, 0), COALESCE(p.consent_at, 0), COALESCE(p.cv_name, ''), COALESCE(p.cv_size, 0), "
    "COALESCE(p.cv_sha256, ''), COALESCE(p.cv_uploaded_at, 0), COALESCE(p.updated_at, 0), "
    "COALESCE((SELECT MAX(k.day) FROM training_trainer_skills k WHERE k.user_id = u.id), ''), "
    "(SELECT COUNT(*) FROM training_trainer_skills k WHERE k.user_id = u.id) "
    "FROM users u LEFT JOIN training_trainer_profiles p ON p.user_id = u.id ";

Profile profile_of(const soci::row& r) {
  Profile p;
  int i = 0;
  p.user_id = store::as_id(r, i++);
  p.name = store::as_text(r, i++);
  p.email = store::as_text(r, i++);
  p.exists = store::as_id(r, i++) != 0;
  p.expertise = store::as_text(r, i++);
  p.years_practice = store::as_id(r, i++);
  p.public_consent = store::as_id(r, i++) != 0;
  p.consent_at = store::as_id(r, i++);
  p.cv_name = store::as_text(r, i++);
  p.cv_size = store::as_id(r, i++);
  p.cv_sha256 = store::as_text(r, i++);
  p.cv_uploaded_at = store::as_id(r, i++);
  p.updated_at = store::as_id(r, i++);
  p.last_skill_day = store::as_text(r, i++);
  p.skill_entries = store::as_id(r, i++);
  return p;
}

// The condition on u.id of the trainers a manager lists (see count()).
std::string who(soci::session& sql, const ActingFor& scope) {
  if (scope.all)
    return "u.id IN (SELECT user_id FROM training_session_trainers UNION SELECT user_id FROM "
           "training_trainer_profiles UNION SELECT user_id FROM memberships WHERE role = 'trainer')";
  return "u.id IN (SELECT st.user_id FROM training_session_trainers st JOIN training_sessions s ON s.id = "
         "st.session_id JOIN training_programmes p ON p.id = s.programme_id WHERE " +
         store::in_ids(sql, "p.organiser_id", scope.organisations) +
         " UNION SELECT m.user_id FROM memberships m WHERE m.role = 'trainer' AND " +
         store::in_ids(sql, "m.organisation_id", scope.organisations) + ")";
}

}  // namespace

std::optional<Profile> Repository::find(soci::session& sql, long long user_id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kProfileColumns) + "WHERE u.id = :id", soci::use(user_id));
  for (const auto& r : rs) return profile_of(r);
  return std::nullopt;
}

std::vector<SkillEntry> Repository::skills(soci::session& sql, long long user_id) const {
  std::vector<SkillEntry> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, user_id, day, title, kind, minutes, note FROM "
                                               "training_trainer_skills WHERE user_id = :u ORDER BY day DESC, id DESC",
                                soci::use(user_id));
  for (const auto& r : rs) {
    SkillEntry e;
    e.id = store::as_id(r, 0);
    e.user_id = store::as_id(r, 1);
    e.day = store::as_text(r, 2);
    e.title = store::as_text(r, 3);
    e.kind = store::as_text(r, 4);
    e.minutes = store::as_id(r, 5);
    e.note = store::as_text(r, 6);
    out.push_back(e);
  }
  return out;
}

std::vector<long long> Repository::teaching_organisations(soci::session& sql, long long user_id) const {
  std::vector<long long> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT p.organiser_id FROM training_session_trainers st JOIN training_sessions s ON "
                      "s.id = st.session_id JOIN training_programmes p ON p.id = s.programme_id WHERE st.user_id = :u "
                      "UNION SELECT m.organisation_id FROM memberships m WHERE m.user_id = :u2 AND m.role = 'trainer'",
       soci::use(user_id), soci::use(user_id));
  for (const auto& r : rs) out.push_back(store::as_id(r, 0));
  return out;
}

std::vector<PublicProfile> Repository::public_profiles(soci::session& sql, long long programme_id) const {
  std::vector<PublicProfile> out;
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT u.id, u.name, p.expertise, p.years_practice FROM training_trainer_profiles p JOIN users u "
              "ON u.id = p.user_id WHERE p.public_consent = 1 AND u.disabled = 0 AND p.user_id IN (SELECT "
              "st.user_id FROM training_session_trainers st JOIN training_sessions s ON s.id = st.session_id "
              "WHERE s.programme_id = :p AND s.status <> 'cancelled') ORDER BY u.name, u.id",
       soci::use(programme_id));
  for (const auto& r : rs)
    out.push_back({store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2), store::as_id(r, 3)});
  return out;
}

std::string Repository::cv_data(soci::session& sql, long long user_id) const {
  std::string d;
  sql << "SELECT cv_data FROM training_trainer_profiles WHERE user_id = :u", soci::use(user_id), soci::into(d);
  return d;
}

long long Repository::count(soci::session& sql, const ActingFor& scope) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM users u WHERE " + who(sql, scope), soci::into(n);
  return n;
}

long long Repository::count_with_entries_since(soci::session& sql, const ActingFor& scope,
                                               const std::string& since) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM users u WHERE " + who(sql, scope) +
             " AND EXISTS (SELECT 1 FROM training_trainer_skills k WHERE k.user_id = u.id AND k.day >= :s)",
      soci::use(since), soci::into(n);
  return n;
}

std::vector<Profile> Repository::list(soci::session& sql, const ActingFor& scope, int limit, int offset) const {
  std::vector<Profile> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kProfileColumns) + "WHERE " + who(sql, scope) + " ORDER BY u.name, u.id LIMIT " +
                          std::to_string(limit) + " OFFSET " + std::to_string(offset));
  for (const auto& r : rs) out.push_back(profile_of(r));
  return out;
}

void Repository::ensure(soci::session& sql, long long user_id, long long now) const {
  sql << "INSERT INTO training_trainer_profiles (user_id, created_at, updated_at) VALUES (:u, :n, :n2) "
         "ON CONFLICT (user_id) DO NOTHING",
      soci::use(user_id), soci::use(now), soci::use(now);
}

void Repository::update(soci::session& sql, const Profile& p, long long now) const {
  long long consent_flag = p.public_consent ? 1 : 0;
  sql << "UPDATE training_trainer_profiles SET expertise = :e, years_practice = :y, public_consent = :c, "
         "consent_at = :ca, updated_at = :n WHERE user_id = :u",
      soci::use(p.expertise), soci::use(p.years_practice), soci::use(consent_flag), soci::use(p.consent_at),
      soci::use(now), soci::use(p.user_id);
}

void Repository::set_cv(soci::session& sql, long long user_id, const std::string& name, const std::string& data,
                        long long size, const std::string& sha256, long long now) const {
  sql << "UPDATE training_trainer_profiles SET cv_data = :d, cv_name = :n, cv_size = :s, cv_sha256 = :h, "
         "cv_uploaded_at = :t, updated_at = :t2 WHERE user_id = :u",
      soci::use(data), soci::use(name), soci::use(size), soci::use(sha256), soci::use(now), soci::use(now),
      soci::use(user_id);
}

bool Repository::remove_cv(soci::session& sql, long long user_id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE training_trainer_profiles SET cv_data = '', cv_name = '', cv_size = 0, "
                                       "cv_sha256 = '', cv_uploaded_at = 0, updated_at = :n WHERE user_id = :u AND "
                                       "cv_size > 0",
                        soci::use(now), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

long long Repository::insert_skill(soci::session& sql, const SkillEntry& e, long long now) const {
  long long id = 0;
  sql << "INSERT INTO training_trainer_skills (user_id, day, title, kind, minutes, note, created_at) VALUES (:u, :d, "
         ":t, :k, :m, :n, :c) RETURNING id",
      soci::use(e.user_id), soci::use(e.day), soci::use(e.title), soci::use(e.kind), soci::use(e.minutes),
      soci::use(e.note), soci::use(now), soci::into(id);
  return id;
}

bool Repository::remove_skill(soci::session& sql, long long entry_id, long long user_id) const {
  soci::statement st = (sql.prepare << "DELETE FROM training_trainer_skills WHERE id = :id AND user_id = :u",
                        soci::use(entry_id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace trame::trainers
