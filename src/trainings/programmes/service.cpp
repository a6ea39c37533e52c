#include "trainings/programmes/service.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/trainers/service.hpp"

namespace trame::programmes {

// ---------------------------------------------------------------- pure rules

namespace {

// Removes spaces (ASCII and the UTF-8 no-break / narrow no-break spaces) and lowercases.
std::string squeeze(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      i += 2;
      continue;
    }
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::optional<long long> parse_duration(const std::string& text) {
  std::string s = squeeze(text);
  if (s.empty()) return std::nullopt;
  // Trailing unit words: "heures", "heure", "h".
  for (const char* suffix : {"heures", "heure"})
    if (s.size() > std::string(suffix).size() && s.ends_with(suffix))
      s = s.substr(0, s.size() - std::string(suffix).size()) + "h";
  std::string hours = s, minutes;
  auto sep = s.find_first_of("h:");
  if (sep != std::string::npos) {
    hours = s.substr(0, sep);
    minutes = s.substr(sep + 1);
    if (minutes.ends_with("min")) minutes = minutes.substr(0, minutes.size() - 3);
  }
  if (!all_digits(hours)) return std::nullopt;
  long long total = std::stoll(hours) * 60;
  if (!minutes.empty()) {
    if (!all_digits(minutes) || minutes.size() > 2) return std::nullopt;
    long long m = std::stoll(minutes);
    if (m >= 60) return std::nullopt;
    total += m;
  }
  if (total > 100000 * 60) return std::nullopt;
  return total;
}

std::optional<long long> parse_price_cents(const std::string& text) {
  std::string s = squeeze(text);
  for (const char* suffix : {"€", "euros", "euro", "eur"})
    if (s.ends_with(suffix)) s = s.substr(0, s.size() - std::string(suffix).size());
  if (s.empty()) return std::nullopt;
  std::string units = s, cents;
  auto sep = s.find_first_of(",.");
  if (sep != std::string::npos) {
    units = s.substr(0, sep);
    cents = s.substr(sep + 1);
  }
  if (!all_digits(units) || units.size() > 7) return std::nullopt;
  long long total = std::stoll(units) * 100;
  if (!cents.empty()) {
    if (!all_digits(cents) || cents.size() > 2) return std::nullopt;
    total += cents.size() == 1 ? std::stoll(cents) * 10 : std::stoll(cents);
  }
  return total;
}

std::optional<long long> parse_clock(const std::string& text) {
  std::string s = squeeze(text);
  auto sep = s.find_first_of("h:");
  if (sep == std::string::npos || sep == 0 || sep > 2) return std::nullopt;
  std::string h = s.substr(0, sep), m = s.substr(sep + 1);
  if (m.empty()) m = "0";
  if (!all_digits(h) || !all_digits(m) || m.size() > 2) return std::nullopt;
  long long hh = std::stoll(h), mm = std::stoll(m);
  if (hh > 23 || mm > 59) return std::nullopt;
  return hh * 60 + mm;
}

std::optional<long long> median(std::vector<long long> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

Mix mix_balance(long long social, long long cultural, long long other, long long threshold) {
  Mix m;
  m.social = social;
  m.cultural = cultural;
  m.other = other;
  m.total = social + cultural + other;
  if (m.total == 0) return m;
  auto pct = [&](long long n) { return (n * 100 + m.total / 2) / m.total; };
  m.social_pct = pct(social);
  m.cultural_pct = pct(cultural);
  m.other_pct = pct(other);
  const std::pair<const char*, long long> all[] = {{"social", social}, {"cultural", cultural}, {"other", other}};
  long long best = -1;
  for (const auto& [name, n] : all)
    if (n > best) {
      best = n;
      m.dominant = name;
    }
  m.dominant_pct = pct(best);
  m.unbalanced = best * 100 > threshold * m.total;
  return m;
}

bool can_transition(const std::string& from, const std::string& to) {
  if (to == "cancelled") return from != "completed" && from != "cancelled";
  return (from == "planned" && to == "open") || (from == "open" && to == "confirmed") ||
         (from == "confirmed" && to == "running") || (from == "running" && to == "completed");
}

const std::vector<std::string>& funders() {
  static const std::vector<std::string> v{"opco", "france_travail", "region", "employer", "cpf", "departement", "self"};
  return v;
}

const std::vector<std::string>& natures() {
  static const std::vector<std::string> v{"action_formation", "bilan", "vae", "apprentissage"};
  return v;
}

std::string format_minutes(long long minutes) {
  std::string out = std::to_string(minutes / 60) + " h";
  if (minutes % 60) {
    char buf[8];
    std::snprintf(buf, sizeof buf, " %02lld", minutes % 60);
    out += buf;
  }
  return out;
}

std::string format_price(long long cents) {
  std::string units = std::to_string(cents / 100), grouped;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) grouped += "\u202F";
    grouped += units[i];
  }
  if (cents % 100) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ",%02lld", cents % 100);
    grouped += buf;
  }
  return grouped + "\u00A0€";
}

long long local_time(const std::string& day, long long minutes) {
  auto date = parse_date(day);
  if (!date) return -1;
  return trame::local_time(date->year, date->month, date->day, static_cast<int>(minutes / 60),
                           static_cast<int>(minutes % 60));
}

// ---------------------------------------------------------------- service

namespace {

std::string session_subject(long long id) {
  return "training_session:" + std::to_string(id);
}
std::string programme_subject(long long id) {
  return "training_programme:" + std::to_string(id);
}

// Lines trimmed, empty ones dropped.
std::string clean_lines(const std::string& text) {
  std::string out, line;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    line = trim(text.substr(start, end - start));
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    start = end + 1;
  }
  return out;
}

bool too_long(const std::string& s, std::size_t max) {
  return s.size() > max;
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::optional<Programme> Service::programme(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.programme(sql, id); });
}

std::optional<Programme> Service::managed_programme(const ActingFor& m, long long id) {
  auto p = programme(id);
  if (!p || !m.covers(p->organiser_id)) return std::nullopt;
  return p;
}

std::optional<Session> Service::managed_session(const ActingFor& m, long long id) {
  auto s = session(id);
  if (!s || !m.covers(s->organiser_id)) return std::nullopt;
  return s;
}

std::optional<SessionAccess> Service::access(const Principal* me, long long session_id) {
  return db_.read([&](soci::session& sql) { return session_access(sql, me, session_id); });
}

Outcome Service::visible_session(const Principal* me, long long id, Session& session, SessionAccess& access) {
  auto s = this->session(id);
  if (!s) return Outcome::not_found();
  auto a = this->access(me, s->id);
  if (!a || !(s->programme_status == "published" || a->manager || a->trainer || a->trainee()))
    return Outcome::not_found();
  session = *s;
  access = *a;
  return Outcome::success(s->id);
}

std::vector<Module> Service::modules(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.modules(sql, programme_id); });
}

std::optional<Module> Service::module(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.module(sql, id); });
}

std::vector<Programme> Service::catalogue(const CatalogueFilter& f, long long page, long long per_page,
                                          long long& total) {
  return db_.read([&](soci::session& sql) { return repo_.catalogue(sql, f, page, per_page, total); });
}

std::vector<Programme> Service::managed_programmes(const ActingFor& m, long long page, long long per_page,
                                                   long long& total) {
  return db_.read([&](soci::session& sql) { return repo_.managed_programmes(sql, m, page, per_page, total); });
}

Outcome Service::save_programme(const Actor& actor, const ActingFor& m, long long id, const ProgrammeInput& in) {
  // Another organiser's programme answers like a missing one whatever the form.
  if (id != 0 && !managed_programme(m, id)) return Outcome::not_found();
  Programme p;
  p.title = trim(in.title);
  if (p.title.empty() || too_long(p.title, 200)) return Outcome::failure("trainings.errors.title", "title");
  p.organiser_id = in.organiser_id;
  p.summary = in.summary;
  p.objectives = clean_lines(in.objectives);
  p.competences = clean_lines(in.competences);
  p.audience = clean_lines(in.audience);
  p.prerequisites = trim(in.prerequisites);
  p.admission = trim(in.admission);
  std::string days = trim(in.duration_days);
  if (days.empty()) days = "0";
  if (!all_digits(days) || std::stoll(days) > 1000)
    return Outcome::failure("trainings.errors.duration_days", "duration_days");
  p.duration_days = std::stoll(days);
  auto minutes = trim(in.duration_hours).empty() ? std::optional<long long>(0) : parse_duration(in.duration_hours);
  if (!minutes) return Outcome::failure("trainings.errors.duration_hours", "duration_hours");
  p.duration_minutes = *minutes;
  auto price = trim(in.price).empty() ? std::optional<long long>(0) : parse_price_cents(in.price);
  if (!price) return Outcome::failure("trainings.errors.price", "price");
  p.price_cents = *price;
  std::string funding;
  for (const auto& f : funders()) {  // in the canonical order, each once
    if (std::find(in.funding.begin(), in.funding.end(), f) != in.funding.end())
      funding += (funding.empty() ? "" : ",") + f;
  }
  for (const auto& f : in.funding)
    if (std::find(funders().begin(), funders().end(), f) == funders().end())
      return Outcome::failure("trainings.errors.funding", "funding");
  p.funding = funding;
  p.teaching_methods = in.teaching_methods;
  p.evaluation_methods = in.evaluation_methods;
  p.accessibility = in.accessibility;
  p.disability_referent_id = in.disability_referent_id;
  p.disability_contact = trim(in.disability_contact);
  p.contacts = in.contacts;
  p.nature = in.nature;
  if (std::find(natures().begin(), natures().end(), p.nature) == natures().end())
    return Outcome::failure("trainings.errors.nature", "nature");
  std::string threshold = trim(in.mixed_threshold);
  if (!all_digits(threshold) || std::stoll(threshold) < 50 || std::stoll(threshold) > 100)
    return Outcome::failure("trainings.errors.threshold", "mixed_threshold");
  p.mixed_threshold = std::stoll(threshold);
  p.status = in.status;
  if (p.status != "draft" && p.status != "published" && p.status != "archived")
    return Outcome::failure("trainings.errors.status", "status");
  for (const auto* text : {&p.summary, &p.objectives, &p.competences, &p.audience, &p.prerequisites, &p.admission,
                           &p.teaching_methods, &p.evaluation_methods, &p.accessibility, &p.contacts})
    if (too_long(*text, 20000)) return Outcome::failure("trainings.errors.too_long");
  if (too_long(p.disability_contact, 500)) return Outcome::failure("trainings.errors.too_long", "disability_contact");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    if (id) {
      auto old = repo_.programme(sql, id);
      if (!old || !m.covers(old->organiser_id)) roll_back(Outcome::not_found());
      if (p.organiser_id == 0) p.organiser_id = old->organiser_id;
    }
    // A manager of a single organisation need not choose it.
    if (p.organiser_id == 0 && !m.all && m.organisations.size() == 1) p.organiser_id = m.organisations.front();
    if (p.organiser_id == 0) refuse("trainings.errors.organiser", "organiser");
    std::string kind = repo_.organisation_kind(sql, p.organiser_id);
    if (kind != "training" && kind != "authority") refuse("trainings.errors.organiser", "organiser");
    if (!m.covers(p.organiser_id)) roll_back(Outcome::forbidden());
    if (p.disability_referent_id) {
      if (!repo_.is_member(sql, p.disability_referent_id, p.organiser_id))
        refuse("trainings.errors.referent", "disability_referent");
    }
    if (id) {
      p.id = id;
      repo_.update_programme(sql, p, now);
      audit_.record(sql, actor, "trainings.programme_update", programme_subject(id), p.title + " (" + p.status + ")");
    } else {
      p.id = repo_.insert_programme(sql, p, now, actor.id);
      audit_.record(sql, actor, "trainings.programme_create", programme_subject(p.id), p.title);
    }
    return Outcome::success(p.id);
  });
}

namespace {

Outcome module_fields(Module& mod, const std::string& title, const std::string& content, const std::string& duration) {
  mod.title = trim(title);
  if (mod.title.empty() || mod.title.size() > 200)
    return Outcome::failure("trainings.errors.module_title", "module_title");
  mod.content = content;
  if (mod.content.size() > 20000) return Outcome::failure("trainings.errors.too_long", "module_content");
  auto minutes = trim(duration).empty() ? std::optional<long long>(0) : parse_duration(duration);
  if (!minutes) return Outcome::failure("trainings.errors.module_duration", "module_duration");
  mod.duration_minutes = *minutes;
  return Outcome::success();
}

}  // namespace

Outcome Service::add_module(const Actor& actor, const ActingFor& m, long long programme_id, const std::string& title,
                            const std::string& content, const std::string& duration) {
  if (!managed_programme(m, programme_id)) return Outcome::not_found();
  Module mod;
  mod.programme_id = programme_id;
  if (auto o = module_fields(mod, title, content, duration); !o.ok) return o;
  return db_.attempt([&](soci::session& sql) {
    auto p = repo_.programme(sql, programme_id);
    if (!p || !m.covers(p->organiser_id)) roll_back(Outcome::not_found());
    long long id = repo_.insert_module(sql, mod);
    audit_.record(sql, actor, "trainings.module_create", programme_subject(programme_id), mod.title);
    return Outcome::success(id);
  });
}

Outcome Service::update_module(const Actor& actor, const ActingFor& m, long long module_id, const std::string& title,
                               const std::string& content, const std::string& duration) {
  if (auto old = module(module_id); !old || !managed_programme(m, old->programme_id)) return Outcome::not_found();
  Module mod;
  mod.id = module_id;
  if (auto o = module_fields(mod, title, content, duration); !o.ok) return o;
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.module(sql, module_id);
    if (!old) roll_back(Outcome::not_found());
    auto p = repo_.programme(sql, old->programme_id);
    if (!p || !m.covers(p->organiser_id)) roll_back(Outcome::not_found());
    repo_.update_module(sql, mod);
    audit_.record(sql, actor, "trainings.module_update", programme_subject(p->id), mod.title);
    return Outcome::success(p->id);
  });
}

Outcome Service::move_module(const Actor& actor, const ActingFor& m, long long module_id, bool up) {
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.module(sql, module_id);
    if (!old) roll_back(Outcome::not_found());
    auto p = repo_.programme(sql, old->programme_id);
    if (!p || !m.covers(p->organiser_id)) roll_back(Outcome::not_found());
    auto list = repo_.modules(sql, p->id);
    auto it = std::find_if(list.begin(), list.end(), [&](const Module& x) { return x.id == module_id; });
    std::size_t i = static_cast<std::size_t>(it - list.begin());
    std::size_t j = up ? (i == 0 ? i : i - 1) : (i + 1 < list.size() ? i + 1 : i);
    if (i != j) std::swap(list[i], list[j]);
    for (std::size_t k = 0; k < list.size(); ++k)
      repo_.set_module_position(sql, list[k].id, static_cast<long long>(k) + 1);
    audit_.record(sql, actor, "trainings.module_move", programme_subject(p->id), old->title);
    return Outcome::success(p->id);
  });
}

Outcome Service::delete_module(const Actor& actor, const ActingFor& m, long long module_id) {
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.module(sql, module_id);
    if (!old) roll_back(Outcome::not_found());
    auto p = repo_.programme(sql, old->programme_id);
    if (!p || !m.covers(p->organiser_id)) roll_back(Outcome::not_found());
    if (old->halfdays > 0) refuse("trainings.errors.module_used");
    if (repo_.module_has_resources(sql, module_id)) refuse("trainings.errors.module_used");
    repo_.delete_module(sql, module_id);
    audit_.record(sql, actor, "trainings.module_delete", programme_subject(p->id), old->title);
    return Outcome::success(p->id);
  });
}

AccessDelay Service::access_delay(long long programme_id, long long now) {
  auto delays =
      db_.read([&](soci::session& sql) { return repo_.access_delays_days(sql, programme_id, now - 730 * 86400LL); });
  AccessDelay d;
  d.count = static_cast<long long>(delays.size());
  d.median_days = median(std::move(delays));
  return d;
}

Results Service::results(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.results(sql, programme_id); });
}

// ---- Sessions

std::optional<Session> Service::session(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.session(sql, id); });
}

std::vector<Session> Service::sessions_of(long long programme_id, bool upcoming_public, long long now) {
  return db_.read([&](soci::session& sql) { return repo_.sessions_of(sql, programme_id, upcoming_public, now); });
}

std::vector<Session> Service::managed_sessions(const ActingFor& m, long long page, long long per_page,
                                               long long& total) {
  return db_.read([&](soci::session& sql) { return repo_.managed_sessions(sql, m, page, per_page, total); });
}

long long Service::deadline_days() {
  return db_.read([&](soci::session& sql) { return store::setting_int(sql, "trainings.deadline_days", 7); });
}

long long Service::deadline_of(const Session& s) {
  if (s.application_deadline > 0) return s.application_deadline;
  if (s.starts_at <= 0) return 0;
  return s.starts_at - deadline_days() * 86400;
}

Outcome Service::save_session(const Actor& actor, const ActingFor& m, long long programme_id, long long session_id,
                              const SessionInput& in) {
  Session s;
  s.title = trim(in.title);
  if (s.title.empty() || s.title.size() > 200) return Outcome::failure("trainings.errors.session_title", "title");
  s.theme = trim(in.theme);
  s.delegation_id = in.delegation_id;
  s.commune_code = trim(in.commune_code);
  s.place = trim(in.place);
  s.address = trim(in.address);
  s.access = in.access;
  s.rules = in.rules;
  s.esf = in.esf ? 1 : 0;
  for (const auto* text : {&s.theme, &s.place, &s.address, &s.access, &s.rules, &s.commune_code})
    if (text->size() > 10000) return Outcome::failure("trainings.errors.too_long");
  std::string mi = trim(in.min_trainees), ma = trim(in.max_trainees);
  if (!all_digits(mi) || std::stoll(mi) < 1 || std::stoll(mi) > 1000)
    return Outcome::failure("trainings.errors.min_trainees", "min_trainees");
  if (!all_digits(ma) || std::stoll(ma) < 1 || std::stoll(ma) > 1000)
    return Outcome::failure("trainings.errors.max_trainees", "max_trainees");
  s.min_trainees = std::stoll(mi);
  s.max_trainees = std::stoll(ma);
  if (s.min_trainees > s.max_trainees) return Outcome::failure("trainings.errors.min_max", "min_trainees");
  std::string deadline = trim(in.deadline);
  if (!deadline.empty()) {
    long long t = local_time(deadline, 23 * 60 + 59);
    if (t < 0) return Outcome::failure("trainings.errors.deadline", "deadline");
    s.application_deadline = t;
  }
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    if (s.delegation_id) {
      if (!repo_.delegation_exists(sql, s.delegation_id)) refuse("trainings.errors.delegation", "delegation");
    }
    if (session_id) {
      auto old = repo_.session(sql, session_id);
      if (!old || !m.covers(old->organiser_id)) roll_back(Outcome::not_found());
      if (s.max_trainees < old->seats_taken) refuse("trainings.errors.max_below_seats", "max_trainees");
      if (s.application_deadline && old->starts_at && s.application_deadline > old->starts_at)
        refuse("trainings.errors.deadline_after_start", "deadline");
      s.id = session_id;
      repo_.update_session(sql, s, now);
      audit_.record(sql, actor, "trainings.session_update", session_subject(s.id), s.title);
      return Outcome::success(s.id);
    }
    auto p = repo_.programme(sql, programme_id);
    if (!p || !m.covers(p->organiser_id)) roll_back(Outcome::not_found());
    s.programme_id = programme_id;
    s.id = repo_.insert_session(sql, s, now, actor.id);
    audit_.record(sql, actor, "trainings.session_create", session_subject(s.id), s.title);
    return Outcome::success(s.id);
  });
}

Outcome Service::change_status(const Actor& actor, const ActingFor& m, long long session_id, const std::string& to,
                               const std::string& reason_in) {
  std::string reason = trim(reason_in);
  if (to == "cancelled" && reason.empty()) return Outcome::failure("trainings.errors.reason", "reason");
  if (reason.size() > 2000) return Outcome::failure("trainings.errors.too_long", "reason");
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    if (!s || !m.covers(s->organiser_id)) roll_back(Outcome::not_found());
    if (!can_transition(s->status, to)) refuse("trainings.errors.transition", "status");
    if (to == "open" && repo_.halfdays(sql, session_id).empty()) refuse("trainings.errors.no_halfdays", "status");
    if (to == "confirmed" && repo_.enrolled(sql, session_id) < s->min_trainees)
      refuse("trainings.errors.below_minimum", "status");
    long long now = store::now_seconds();
    if (!repo_.set_status(sql, session_id, s->status, to, to == "cancelled" ? reason : std::string(), now))
      refuse("trainings.errors.transition", "status");
    if (to == "completed") repo_.complete_trainees(sql, session_id, now);
    audit_.record(sql, actor, "trainings.session_status", session_subject(session_id),
                  s->status + " → " + to + (reason.empty() ? "" : " : " + reason));
    if (to == "cancelled") {
      std::string url = public_url_;
      while (!url.empty() && url.back() == '/') url.pop_back();
      url += "/formations/sessions/" + std::to_string(session_id);
      for (const auto& p : repo_.applicants_to_notify(sql, session_id)) {
        web::Params params{{"name", p.name},
                           {"programme", s->programme_title},
                           {"session", s->title},
                           {"reason", reason},
                           {"url", url}};
        mail_.enqueue(sql, p.email, t("trainings.mail.cancelled.subject", params),
                      t("trainings.mail.cancelled.body", params));
      }
    }
    return Outcome::success(session_id);
  });
}

long long Service::enrolled(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.enrolled(sql, session_id); });
}

Mix Service::mix(long long session_id, long long threshold) {
  return db_.read([&](soci::session& sql) { return repo_.mix(sql, session_id, threshold); });
}

// ---- Seminars, half-days, trainers

std::vector<Seminar> Service::seminars(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.seminars(sql, session_id); });
}

std::vector<HalfDay> Service::halfdays(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.halfdays(sql, session_id); });
}

std::optional<HalfDay> Service::halfday(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.halfday(sql, id); });
}

Outcome Service::add_seminar(const Actor& actor, const ActingFor& m, long long session_id,
                             const std::string& title_in) {
  std::string title = trim(title_in);
  if (title.empty() || title.size() > 200) return Outcome::failure("trainings.errors.seminar_title", "seminar_title");
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    if (!s || !m.covers(s->organiser_id)) roll_back(Outcome::not_found());
    long long id = repo_.insert_seminar(sql, session_id, title);
    audit_.record(sql, actor, "trainings.seminar_create", session_subject(session_id), title);
    return Outcome::success(id);
  });
}

namespace {

// A half-day from its form, without the session's checks; refuses (rolls back) a bad field.
HalfDay halfday_of(const HalfDayInput& in) {
  HalfDay h;
  h.day = trim(in.day);
  h.period = in.period;
  if (local_time(h.day, 0) < 0) refuse("trainings.errors.day", "day");
  if (h.period != "am" && h.period != "pm") refuse("trainings.errors.period", "period");
  auto start = parse_clock(in.start);
  if (!start) refuse("trainings.errors.start", "start");
  auto end = parse_clock(in.end);
  if (!end) refuse("trainings.errors.end", "end");
  if (*end <= *start) refuse("trainings.errors.end_before_start", "end");
  h.starts_at = local_time(h.day, *start);
  h.ends_at = local_time(h.day, *end);
  h.minutes = *end - *start;
  h.seminar_id = in.seminar_id;
  h.module_id = in.module_id;
  return h;
}

// The session whose calendar a manager changes: it exists, the manager covers it, and its calendar is
// not frozen (completed or cancelled). Rolls back otherwise (not found when outside the manager's scope).
Session editable_session(const Repository& repo, soci::session& sql, const ActingFor& m, long long session_id) {
  auto s = repo.session(sql, session_id);
  if (!s || !m.covers(s->organiser_id)) roll_back(Outcome::not_found());
  if (s->status == "completed" || s->status == "cancelled") refuse("trainings.errors.session_closed");
  return *s;
}

// A half-day's seminar must belong to the session and its module to the session's programme.
void check_placement(const Repository& repo, soci::session& sql, const Session& s, long long seminar_id,
                     long long module_id) {
  if (seminar_id) {
    auto list = repo.seminars(sql, s.id);
    if (std::none_of(list.begin(), list.end(), [&](const Seminar& x) { return x.id == seminar_id; }))
      refuse("trainings.errors.seminar", "seminar");
  }
  if (module_id) {
    auto mod = repo.module(sql, module_id);
    if (!mod || mod->programme_id != s.programme_id) refuse("trainings.errors.module", "module");
  }
}

}  // namespace

Outcome Service::add_halfday(const Actor& actor, const ActingFor& m, long long session_id, const HalfDayInput& in) {
  try {
    return db_.attempt([&](soci::session& sql) {
      HalfDay h = halfday_of(in);
      h.session_id = session_id;
      const Session s = editable_session(repo_, sql, m, session_id);
      auto p = repo_.programme(sql, s.programme_id);
      check_placement(repo_, sql, s, h.seminar_id, h.module_id);
      if (repo_.halfday_taken(sql, session_id, h.day, h.period, 0)) refuse("trainings.errors.duplicate", "day");
      if (p->duration_minutes > 0 && repo_.planned_minutes(sql, session_id, 0) + h.minutes > p->duration_minutes)
        refuse("trainings.errors.beyond_duration", "end");
      long long id = repo_.insert_halfday(sql, h);
      repo_.refresh_bounds(sql, session_id);
      audit_.record(sql, actor, "trainings.halfday_create", session_subject(session_id), h.day + " " + h.period);
      return Outcome::success(id);
    });
  } catch (const soci::soci_error& e) {
    // Two managers adding the same half-day at once: the second meets the UNIQUE (session, day,
    // period) constraint and gets the same answer as if it had come second in line.
    if (store::is_unique_violation(e)) return Outcome::failure("trainings.errors.duplicate", "day");
    throw;
  }
}

namespace {

// The half-days of a series form, without the session's checks; refuses (rolls back) a bad field.
std::vector<HalfDay> series_of(const HalfDaySeries& in) {
  long long from = local_time(trim(in.from), 12 * 60), to = local_time(trim(in.to), 12 * 60);
  if (from < 0) refuse("trainings.errors.day", "from");
  if (to < 0 || to < from) refuse("trainings.errors.range", "to");
  if (to - from > 62 * 86400LL) refuse("trainings.errors.range_too_long", "to");
  if (in.periods != "am" && in.periods != "pm" && in.periods != "both") refuse("trainings.errors.period", "periods");
  std::vector<HalfDay> list;
  for (long long t = from; t <= to + 3600; t += 86400) {
    std::string day = local_day(t);
    if (day > local_day(to)) break;
    int weekday = std::stoi(format_local(t, "%u"));  // 1 = Monday
    if (in.weekdays_only && weekday >= 6) continue;
    if (in.periods != "pm")
      list.push_back(halfday_of({day, "am", in.am_start, in.am_end, in.seminar_id, in.module_id}));
    if (in.periods != "am")
      list.push_back(halfday_of({day, "pm", in.pm_start, in.pm_end, in.seminar_id, in.module_id}));
  }
  if (list.empty()) refuse("trainings.errors.range", "to");
  return list;
}

}  // namespace

Outcome Service::add_series(const Actor& actor, const ActingFor& m, long long session_id, const HalfDaySeries& in) {
  try {
    return db_.attempt([&](soci::session& sql) {
      std::vector<HalfDay> list = series_of(in);
      const Session s = editable_session(repo_, sql, m, session_id);
      auto p = repo_.programme(sql, s.programme_id);
      check_placement(repo_, sql, s, in.seminar_id, in.module_id);
      long long total = repo_.planned_minutes(sql, session_id, 0);
      for (auto& h : list) {
        h.session_id = session_id;
        if (repo_.halfday_taken(sql, session_id, h.day, h.period, 0)) refuse("trainings.errors.duplicate", "from");
        total += h.minutes;
      }
      if (p->duration_minutes > 0 && total > p->duration_minutes) refuse("trainings.errors.beyond_duration", "to");
      for (const auto& h : list) repo_.insert_halfday(sql, h);
      repo_.refresh_bounds(sql, session_id);
      audit_.record(sql, actor, "trainings.halfday_series", session_subject(session_id),
                    std::to_string(list.size()) + " demi-journées du " + list.front().day + " au " + list.back().day);
      return Outcome::success(session_id);
    });
  } catch (const soci::soci_error& e) {
    if (store::is_unique_violation(e)) return Outcome::failure("trainings.errors.duplicate", "day");
    throw;
  }
}

Outcome Service::update_halfday(const Actor& actor, const ActingFor& m, long long halfday_id, const HalfDayInput& in) {
  try {
    return db_.attempt([&](soci::session& sql) {
      HalfDay h = halfday_of(in);
      h.id = halfday_id;
      auto old = repo_.halfday(sql, halfday_id);
      if (!old) roll_back(Outcome::not_found());
      const Session s = editable_session(repo_, sql, m, old->session_id);
      if (old->sheet_status != "closed") refuse("trainings.errors.sheet_started");
      h.session_id = old->session_id;
      auto p = repo_.programme(sql, s.programme_id);
      check_placement(repo_, sql, s, h.seminar_id, h.module_id);
      if (repo_.halfday_taken(sql, s.id, h.day, h.period, halfday_id)) refuse("trainings.errors.duplicate", "day");
      if (p->duration_minutes > 0 && repo_.planned_minutes(sql, s.id, halfday_id) + h.minutes > p->duration_minutes)
        refuse("trainings.errors.beyond_duration", "end");
      repo_.update_halfday(sql, h);
      repo_.refresh_bounds(sql, s.id);
      audit_.record(sql, actor, "trainings.halfday_update", session_subject(s.id), h.day + " " + h.period);
      return Outcome::success(s.id);
    });
  } catch (const soci::soci_error& e) {
    if (store::is_unique_violation(e)) return Outcome::failure("trainings.errors.duplicate", "day");
    throw;
  }
}

Outcome Service::delete_halfday(const Actor& actor, const ActingFor& m, long long halfday_id) {
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.halfday(sql, halfday_id);
    if (!old) roll_back(Outcome::not_found());
    const Session s = editable_session(repo_, sql, m, old->session_id);
    if (old->sheet_status != "closed") refuse("trainings.errors.sheet_started");
    if (repo_.halfday_in_use(sql, halfday_id)) refuse("trainings.errors.sheet_started");
    repo_.delete_halfday(sql, halfday_id);
    repo_.refresh_bounds(sql, s.id);
    audit_.record(sql, actor, "trainings.halfday_delete", session_subject(s.id), old->day + " " + old->period);
    return Outcome::success(s.id);
  });
}

std::vector<Person> Service::trainers(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.trainers(sql, session_id); });
}

std::vector<Person> Service::trainer_choices(long long organiser_id) {
  return db_.read([&](soci::session& sql) { return repo_.trainer_choices(sql, organiser_id); });
}

std::vector<Person> Service::members(long long organiser_id) {
  return db_.read([&](soci::session& sql) { return repo_.members(sql, organiser_id); });
}

Outcome Service::add_trainer(const Actor& actor, const ActingFor& m, long long session_id, long long user_id) {
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    if (!s || !m.covers(s->organiser_id)) roll_back(Outcome::not_found());
    auto choices = repo_.trainer_choices(sql, s->organiser_id);
    auto it = std::find_if(choices.begin(), choices.end(), [&](const Person& p) { return p.id == user_id; });
    if (it == choices.end()) refuse("trainings.errors.trainer", "trainer");
    if (!repo_.add_trainer(sql, session_id, user_id)) refuse("trainings.errors.trainer_exists", "trainer");
    audit_.record(sql, actor, "trainings.trainer_add", session_subject(session_id), it->email);
    return Outcome::success(session_id);
  });
}

Outcome Service::remove_trainer(const Actor& actor, const ActingFor& m, long long session_id, long long user_id) {
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    if (!s || !m.covers(s->organiser_id)) roll_back(Outcome::not_found());
    repo_.remove_trainer(sql, session_id, user_id);
    audit_.record(sql, actor, "trainings.trainer_remove", session_subject(session_id),
                  "user:" + std::to_string(user_id));
    return Outcome::success(session_id);
  });
}

// ---- Calendars

std::vector<HalfDay> Service::calendar(const CalendarScope& scope, long long page, long long per_page,
                                       long long& total) {
  return db_.read([&](soci::session& sql) { return repo_.calendar(sql, scope, page, per_page, total); });
}

std::string Service::renew_feed(const Actor& actor, long long user_id) {
  std::string token = web::random_token(24);
  db_.write([&](soci::session& sql) {
    repo_.set_feed(sql, user_id, web::sha256_hex(token), store::now_seconds());
    audit_.record(sql, actor, "trainings.feed_renew", "user:" + std::to_string(user_id));
    return 0;
  });
  return token;
}

long long Service::feed_owner(const std::string& token) {
  if (token.empty() || token.size() > 200) return 0;
  return db_.read([&](soci::session& sql) { return repo_.feed_owner(sql, web::sha256_hex(token)); });
}

bool Service::has_feed(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.has_feed(sql, user_id); });
}

std::vector<Choice> Service::delegations() {
  return db_.read([&](soci::session& sql) { return repo_.delegations(sql); });
}

std::vector<Choice> Service::organisers(bool with_programmes_only) {
  return db_.read([&](soci::session& sql) { return repo_.organisers(sql, with_programmes_only); });
}

// ---- Time

long long Service::run_due(long long now) {
  long long done = 0;
  auto due = db_.read([&](soci::session& sql) { return repo_.due_sessions(sql, now); });
  Actor system{0, "système", ""};
  for (const auto& session : due) {
    const long long id = session.first;
    const std::string& from = session.second;
    std::string to = from == "confirmed" ? "running" : "completed";
    bool changed = db_.write([&](soci::session& sql) {
      if (!repo_.set_status(sql, id, from, to, "", now)) return false;
      if (to == "completed") repo_.complete_trainees(sql, id, now);
      audit_.record(sql, system, "trainings.session_status", session_subject(id), from + " → " + to);
      return true;
    });
    if (changed) ++done;
  }
  return done;
}

std::optional<legal::LegalData> Service::organiser_legal(long long organiser_id) {
  return db_.read([&](soci::session& sql) { return legal::of_organisation(sql, organiser_id); });
}

std::vector<trainers::PublicProfile> Service::public_trainers(long long programme_id) {
  return db_.read([&](soci::session& sql) { return trainers::public_profiles_for_programme(sql, programme_id); });
}

}  // namespace trame::programmes
