#include "trainings/trainers/service.hpp"

#include <algorithm>
#include <cctype>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
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

std::string subject_of(long long user_id) {
  return "trainer_profile:" + std::to_string(user_id);
}

}  // namespace

bool manages_trainer(soci::session& sql, const Principal& me, long long user_id) {
  if (me.is_admin()) return true;
  for (long long org : Repository().teaching_organisations(sql, user_id))
    if (me.can_in(perm::trainings_manage, org)) return true;
  return false;
}

std::vector<PublicProfile> public_profiles_for_programme(soci::session& sql, long long programme_id) {
  return Repository().public_profiles(sql, programme_id);
}

// ---- The trainer's own profile

ProfileView Service::mine(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    ProfileView v;
    if (auto p = repo_.find(sql, me.id)) v.profile = *p;
    v.skills = repo_.skills(sql, me.id);
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
    repo_.ensure(sql, me.id, now);
    auto old = repo_.find(sql, me.id);
    Profile p;
    p.user_id = me.id;
    p.expertise = expertise;
    p.years_practice = years;
    p.public_consent = consent;
    p.consent_at = consent ? (old && old->public_consent ? old->consent_at : now) : 0;
    repo_.update(sql, p, now);
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
    repo_.ensure(sql, me.id, now);
    std::string data = web::base64_encode(bytes), hash = web::sha256_hex(bytes);
    long long size = static_cast<long long>(bytes.size());
    repo_.set_cv(sql, me.id, file->name, data, size, hash, now);
    audit_.record(sql, actor, "trainers.cv_uploaded", subject_of(me.id),
                  file->name + " (" + std::to_string(size) + " octets, sha256 " + hash + ")");
    return Outcome::success(me.id);
  });
}

Outcome Service::remove_cv(const Actor& actor, const Principal& me) {
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    // Removing a CV that is not there (already removed, a second click) leaves nothing to do.
    if (repo_.remove_cv(sql, me.id, now)) audit_.record(sql, actor, "trainers.cv_removed", subject_of(me.id), "");
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
    long long now = store::now_seconds();
    repo_.ensure(sql, me.id, now);
    SkillEntry e;
    e.user_id = me.id;
    e.day = iso;
    e.title = title;
    e.kind = in.kind;
    e.minutes = minutes;
    e.note = note;
    long long id = repo_.insert_skill(sql, e, now);
    audit_.record(sql, actor, "trainers.skill_added", subject_of(me.id), iso + " " + in.kind + " — " + title);
    return Outcome::success(id);
  });
}

Outcome Service::remove_skill(const Actor& actor, const Principal& me, long long entry_id) {
  return db_.attempt([&](soci::session& sql) {
    if (!repo_.remove_skill(sql, entry_id, me.id)) roll_back(Outcome::not_found());
    audit_.record(sql, actor, "trainers.skill_removed", subject_of(me.id), std::to_string(entry_id));
    return Outcome::success(entry_id);
  });
}

// ---- Reading others' profiles

Outcome Service::view(const Principal* me, long long user_id, ProfileView& out) {
  return db_.read([&](soci::session& sql) {
    auto p = repo_.find(sql, user_id);
    if (!p) return Outcome::not_found();
    out.own = me && me->id == user_id;
    out.manager = me && !out.own && manages_trainer(sql, *me, user_id);
    bool visible = out.own || out.manager || (p->exists && p->public_consent);
    if (!visible) return Outcome::not_found();
    if (!out.own && !out.manager && !p->exists) return Outcome::not_found();
    out.profile = *p;
    out.skills = repo_.skills(sql, user_id);
    return Outcome::success(user_id);
  });
}

Outcome Service::cv(const Principal* me, long long user_id, std::string& name, std::string& bytes) {
  ProfileView v;
  auto seen = view(me, user_id, v);
  if (!seen.ok) return seen;
  if (v.profile.cv_size == 0) return Outcome::not_found();
  std::string data = db_.read([&](soci::session& sql) { return repo_.cv_data(sql, user_id); });
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
    if (!acting.all && acting.organisations.empty()) return out;
    std::string since = local_day(store::now_seconds() - kStaleDays * 86400);
    out.total = repo_.count(sql, acting);
    out.with_entries = repo_.count_with_entries_since(sql, acting, since);
    out.stale = out.total - out.with_entries;
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.list(sql, acting, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::trainers
