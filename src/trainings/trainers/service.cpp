#include "trainings/trainers/service.hpp"

#include <algorithm>
#include <cctype>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/store/row.hpp"
#include "platform/web/crypto.hpp"

namespace trame::trainers {

// ---- Pure rules

const std::vector<std::string>& skill_kinds() {
  static const std::vector<std::string> all = {"course", "conference", "reading", "practice"};
  return all;
}

long long parse_hours(std::string_view text) {
  std::string s = trim(text);
  if (s.empty() || s.size() > 7) return -1;
  long long whole = 0, hundredths = 0;
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) whole = whole * 10 + (s[i++] - '0');
  if (i == 0) return -1;
  if (i < s.size()) {
    if (s[i] != ',' && s[i] != '.') return -1;
    ++i;
    std::size_t decimals = s.size() - i;
    if (decimals < 1 || decimals > 2) return -1;
    for (std::size_t k = i; k < s.size(); ++k)
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return -1;
    hundredths = std::stoll(s.substr(i)) * (decimals == 1 ? 10 : 1);
  }
  long long minutes = whole * 60 + (hundredths * 60 + 50) / 100;
  return minutes > 0 && whole <= 1000 ? minutes : -1;
}

std::string format_hours(long long minutes) {
  long long h = minutes / 60, rest = minutes % 60;
  if (!rest) return std::to_string(h) + " h";
  long long hundredths = (rest * 100 + 30) / 60;
  std::string dec = hundredths % 10 == 0 ? std::to_string(hundredths / 10)
                                         : (hundredths < 10 ? "0" : "") + std::to_string(hundredths);
  return std::to_string(h) + "," + dec + " h";
}

long long parse_years(std::string_view text) {
  std::string s = trim(text);
  if (s.empty()) return 0;
  if (s.size() > 2 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return -1;
  long long n = std::stoll(s);
  return n <= 70 ? n : -1;
}

// ---- Queries

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

std::optional<Profile> find(soci::session& sql, long long user_id) {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kProfileColumns) + "WHERE u.id = :id", soci::use(user_id));
  for (const auto& r : rs) return profile_of(r);
  return std::nullopt;
}

std::vector<SkillEntry> skills_of(soci::session& sql, long long user_id) {
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

void ensure_row(soci::session& sql, long long user_id, long long now) {
  sql << "INSERT INTO training_trainer_profiles (user_id, created_at, updated_at) VALUES (:u, :n, :n2) "
         "ON CONFLICT (user_id) DO NOTHING",
      soci::use(user_id), soci::use(now), soci::use(now);
}

std::string subject_of(long long user_id) {
  return "trainer_profile:" + std::to_string(user_id);
}

// The organisations where a user teaches (organisers of the programmes of their sessions).
std::vector<long long> teaching_organisations(soci::session& sql, long long user_id) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT p.organiser_id FROM training_session_trainers st JOIN training_sessions s ON "
                      "s.id = st.session_id JOIN training_programmes p ON p.id = s.programme_id WHERE st.user_id = :u "
                      "UNION SELECT m.organisation_id FROM memberships m WHERE m.user_id = :u2 AND m.role = 'trainer'",
       soci::use(user_id), soci::use(user_id));
  for (const auto& r : rs) out.push_back(store::as_id(r, 0));
  return out;
}

std::string id_list(const std::vector<long long>& ids) {
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

}  // namespace

bool manages_trainer(soci::session& sql, const Principal& me, long long user_id) {
  if (me.is_admin()) return true;
  for (long long org : teaching_organisations(sql, user_id))
    if (me.can_in(perm::trainings_manage, org)) return true;
  return false;
}

std::vector<PublicProfile> public_profiles_for_programme(soci::session& sql, long long programme_id) {
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

// ---- The trainer's own profile

ProfileView Service::mine(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    ProfileView v;
    if (auto p = find(sql, me.id)) v.profile = *p;
    v.skills = skills_of(sql, me.id);
    v.own = true;
    return v;
  });
}

Outcome Service::save_profile(const Actor& actor, const Principal& me, const ProfileInput& in) {
  std::string expertise = trim(in.expertise);
  if (code_points(expertise) > 2000) return Outcome::failure("trainers.errors.expertise_long", "expertise");
  long long years = parse_years(in.years_practice);
  if (years < 0) return Outcome::failure("trainers.errors.years", "years_practice");
  bool consent = in.consent == "1";
  if (consent && expertise.empty()) return Outcome::failure("trainers.errors.expertise_for_consent", "expertise");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    ensure_row(sql, me.id, now);
    auto old = find(sql, me.id);
    long long consent_flag = consent ? 1 : 0;
    long long consent_at = consent ? (old && old->public_consent ? old->consent_at : now) : 0;
    sql << "UPDATE training_trainer_profiles SET expertise = :e, years_practice = :y, public_consent = :c, "
           "consent_at = :ca, updated_at = :n WHERE user_id = :u",
        soci::use(expertise), soci::use(years), soci::use(consent_flag), soci::use(consent_at), soci::use(now),
        soci::use(me.id);
    std::string what = std::to_string(years) + " an(s) de pratique, consentement " + (consent ? "donné" : "non");
    if (old && old->public_consent && !consent) what += " (retiré)";
    audit_.record(sql, actor, "trainers.profile", subject_of(me.id), what);
    return Outcome::success(me.id);
  });
}

Outcome Service::upload_cv(const Actor& actor, const Principal& me, const std::string& file_name,
                           const std::string& bytes) {
  if (bytes.empty()) return Outcome::failure("trainers.errors.cv_missing", "cv");
  if (static_cast<long long>(bytes.size()) > kMaxCvBytes) return Outcome::failure("trainers.errors.cv_too_big", "cv");
  auto file = docs::identify_upload(bytes, file_name, {docs::kPdf});
  if (!file) return Outcome::failure("trainers.errors.cv_not_pdf", "cv");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    ensure_row(sql, me.id, now);
    std::string data = web::base64_encode(bytes), hash = web::sha256_hex(bytes);
    long long size = static_cast<long long>(bytes.size());
    sql << "UPDATE training_trainer_profiles SET cv_data = :d, cv_name = :n, cv_size = :s, cv_sha256 = :h, "
           "cv_uploaded_at = :t, updated_at = :t2 WHERE user_id = :u",
        soci::use(data), soci::use(file->name), soci::use(size), soci::use(hash), soci::use(now), soci::use(now),
        soci::use(me.id);
    audit_.record(sql, actor, "trainers.cv_uploaded", subject_of(me.id),
                  file->name + " (" + std::to_string(size) + " octets, sha256 " + hash + ")");
    return Outcome::success(me.id);
  });
}

Outcome Service::remove_cv(const Actor& actor, const Principal& me) {
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    soci::statement st =
        (sql.prepare << "UPDATE training_trainer_profiles SET cv_data = '', cv_name = '', cv_size = 0, "
                        "cv_sha256 = '', cv_uploaded_at = 0, updated_at = :n WHERE user_id = :u AND "
                        "cv_size > 0",
         soci::use(now), soci::use(me.id));
    st.execute(true);
    // Removing a CV that is not there (already removed, a second click) leaves nothing to do.
    if (st.get_affected_rows() == 1) audit_.record(sql, actor, "trainers.cv_removed", subject_of(me.id), "");
    return Outcome::success(me.id);
  });
}

Outcome Service::add_skill(const Actor& actor, const Principal& me, const SkillInput& in) {
  auto day = parse_date(in.day);
  if (!day) return Outcome::failure("trainers.errors.skill_day", "skill_day");
  std::string iso = iso_date(*day);
  if (iso > local_day(store::now_seconds())) return Outcome::failure("trainers.errors.skill_day_future", "skill_day");
  std::string title = trim(in.title);
  if (title.empty()) return Outcome::failure("trainers.errors.skill_title", "skill_title");
  if (code_points(title) > 200) return Outcome::failure("trainers.errors.skill_title_long", "skill_title");
  if (!is_one_of(in.kind, skill_kinds())) return Outcome::failure("trainers.errors.skill_kind", "skill_kind");
  long long minutes = parse_hours(in.hours);
  if (minutes < 0) return Outcome::failure("trainers.errors.skill_hours", "skill_hours");
  std::string note = trim(in.note);
  if (code_points(note) > 1000) return Outcome::failure("trainers.errors.skill_note_long", "skill_note");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds(), id = 0;
    ensure_row(sql, me.id, now);
    sql << "INSERT INTO training_trainer_skills (user_id, day, title, kind, minutes, note, created_at) VALUES (:u, :d, "
           ":t, :k, :m, :n, :c) RETURNING id",
        soci::use(me.id), soci::use(iso), soci::use(title), soci::use(in.kind), soci::use(minutes), soci::use(note),
        soci::use(now), soci::into(id);
    audit_.record(sql, actor, "trainers.skill_added", subject_of(me.id), iso + " " + in.kind + " — " + title);
    return Outcome::success(id);
  });
}

Outcome Service::remove_skill(const Actor& actor, const Principal& me, long long entry_id) {
  return db_.attempt([&](soci::session& sql) {
    soci::statement st = (sql.prepare << "DELETE FROM training_trainer_skills WHERE id = :id AND user_id = :u",
                          soci::use(entry_id), soci::use(me.id));
    st.execute(true);
    if (st.get_affected_rows() != 1) roll_back(Outcome::not_found());
    audit_.record(sql, actor, "trainers.skill_removed", subject_of(me.id), std::to_string(entry_id));
    return Outcome::success(entry_id);
  });
}

// ---- Reading others' profiles

Outcome Service::view(const Principal* me, long long user_id, ProfileView& out) {
  return db_.read([&](soci::session& sql) {
    auto p = find(sql, user_id);
    if (!p) return Outcome::not_found();
    out.own = me && me->id == user_id;
    out.manager = me && !out.own && manages_trainer(sql, *me, user_id);
    bool visible = out.own || out.manager || (p->exists && p->public_consent);
    if (!visible) return Outcome::not_found();
    if (!out.own && !out.manager && !p->exists) return Outcome::not_found();
    out.profile = *p;
    out.skills = skills_of(sql, user_id);
    return Outcome::success(user_id);
  });
}

Outcome Service::cv(const Principal* me, long long user_id, std::string& name, std::string& bytes) {
  ProfileView v;
  auto seen = view(me, user_id, v);
  if (!seen.ok) return seen;
  if (v.profile.cv_size == 0) return Outcome::not_found();
  std::string data = db_.read([&](soci::session& sql) {
    std::string d;
    sql << "SELECT cv_data FROM training_trainer_profiles WHERE user_id = :u", soci::use(user_id), soci::into(d);
    return d;
  });
  auto decoded = web::base64_decode(data);
  if (!decoded) return Outcome::not_found();
  name = v.profile.cv_name;
  bytes = std::move(*decoded);
  return Outcome::success(user_id);
}

ProfilePage Service::list(const Principal& me, int page) {
  return db_.read([&](soci::session& sql) {
    ProfilePage out;
    auto acting = me.acting_for(perm::trainings_manage);
    std::string who;
    if (acting.all) {
      who =
          "u.id IN (SELECT user_id FROM training_session_trainers UNION SELECT user_id FROM "
          "training_trainer_profiles UNION SELECT user_id FROM memberships WHERE role = 'trainer')";
    } else if (acting.organisations.empty()) {
      return out;
    } else {
      std::string orgs = id_list(acting.organisations);
      who =
          "u.id IN (SELECT st.user_id FROM training_session_trainers st JOIN training_sessions s ON s.id = "
          "st.session_id JOIN training_programmes p ON p.id = s.programme_id WHERE p.organiser_id IN (" +
          orgs + ") UNION SELECT m.user_id FROM memberships m WHERE m.role = 'trainer' AND m.organisation_id IN (" +
          orgs + "))";
    }
    std::string since = local_day(store::now_seconds() - kStaleDays * 86400);
    sql << "SELECT COUNT(*) FROM users u WHERE " + who, soci::into(out.total);
    sql << "SELECT COUNT(*) FROM users u WHERE " + who +
               " AND EXISTS (SELECT 1 FROM training_trainer_skills k WHERE k.user_id = u.id AND k.day >= :s)",
        soci::use(since), soci::into(out.with_entries);
    out.stale = out.total - out.with_entries;
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kProfileColumns) + "WHERE " + who + " ORDER BY u.name, u.id LIMIT " +
                            std::to_string(kPerPage) + " OFFSET " + std::to_string((out.page - 1) * kPerPage));
    for (const auto& r : rs) out.items.push_back(profile_of(r));
    return out;
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::trainers
