#include "website/home/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "website/home/rules.hpp"

namespace trame::website::home {

std::vector<Block> Service::blocks() {
  return db_.read([&](soci::session& sql) { return repo_.blocks(sql); });
}

Outcome Service::set_enabled(const Actor& actor, const std::string& kind, bool enabled) {
  if (!known_kind(kind)) return Outcome::not_found();
  auto out = db_.attempt([&](soci::session& sql) -> Outcome {
    repo_.set_enabled(sql, kind, enabled, store::now_seconds(), actor.id);
    audit_.record(sql, actor, enabled ? "website.home.enabled" : "website.home.disabled", "home_block:" + kind);
    return Outcome::success();
  });
  if (out.ok) ++generation_;
  return out;
}

Outcome Service::move(const Actor& actor, const std::string& kind, bool up) {
  if (!known_kind(kind)) return Outcome::not_found();
  auto out = db_.attempt([&](soci::session& sql) -> Outcome {
    auto list = repo_.blocks(sql);
    auto it = std::find_if(list.begin(), list.end(), [&](const Block& b) { return b.kind == kind; });
    if (it == list.end()) return Outcome::not_found();
    auto index = it - list.begin();
    auto other = up ? index - 1 : index + 1;
    if (other >= 0 && other < static_cast<long>(list.size())) std::swap(list[index], list[other]);
    long long now = store::now_seconds();
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].position != static_cast<long long>(i) + 1)
        repo_.set_position(sql, list[i].kind, static_cast<long long>(i) + 1, now, actor.id);
    audit_.record(sql, actor, "website.home.moved", "home_block:" + kind, up ? "up" : "down");
    return Outcome::success();
  });
  if (out.ok) ++generation_;
  return out;
}

Outcome Service::save(const Actor& actor, const std::string& kind, const BlockInput& in) {
  if (auto checked = check_block(kind, in); !checked.ok) return checked;
  std::string title = trimmed(in.title);
  std::string body = kind == "presentation" ? trimmed(in.body) : std::string();
  std::string n = trimmed(in.items);
  auto out = db_.attempt([&](soci::session& sql) -> Outcome {
    auto current = repo_.block(sql, kind);
    if (!current) return Outcome::not_found();
    long long items = n.empty() ? current->items : std::stoll(n);
    repo_.save_text(sql, kind, title, body, items, store::now_seconds(), actor.id);
    std::string detail = "titre : " + (title.empty() ? std::string("(par défaut)") : title);
    if (kind == "presentation") detail += ", texte : " + std::to_string(characters(body)) + " caractères";
    audit_.record(sql, actor, "website.home.saved", "home_block:" + kind, detail);
    return Outcome::success();
  });
  if (out.ok) ++generation_;
  return out;
}

std::vector<TrainingItem> Service::upcoming_trainings(long long n, long long now) {
  programmes::CatalogueFilter f;
  f.upcoming = true;
  f.now = now;
  long long total = 0;
  std::vector<TrainingItem> out;
  for (auto& p : programmes_.catalogue(f, 1, n, total)) {
    TrainingItem item{std::move(p), std::nullopt};
    auto sessions = programmes_.sessions_of(item.programme.id, true, now);
    if (!sessions.empty()) item.next = sessions.front();
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<events::Event> Service::upcoming_public_events(long long n) {
  std::vector<events::Event> out;
  for (auto& e : events_.list(nullptr, false, "", 1).items) {
    if (e.status == "cancelled" || e.visibility != "public") continue;
    out.push_back(std::move(e));
    if (static_cast<long long>(out.size()) >= n) break;
  }
  return out;
}

DirectoryCounts Service::directory() {
  return db_.read([&](soci::session& sql) { return repo_.directory_counts(sql); });
}

std::vector<QuoteView> Service::quotes(long long n) const {
  if (!quotes_) return {};
  return quotes_(static_cast<int>(n));
}

Figures Service::figures(long long now) {
  Figures f;
  f.year = std::stoi(local_day(now).substr(0, 4));
  long long from = day_start(std::to_string(f.year) + "-01-01");
  // People reached this year: the whole calendar year, which the reach reads from its kept figures (a booking
  // is used once the person came: none lies after now but a check-in minutes before its slot's start); 1
  // January to now was the exact query over every booking of the year, 12 s at national size.
  auto r = reach_.reach(reach::Visible{true, {}}, from, day_start(std::to_string(f.year + 1) + "-01-01"));
  f.places_used = r.total.places;
  f.people_reached = r.total.people;
  db_.read([&](soci::session& sql) {
    f.sessions_held = repo_.sessions_held(sql, from, now);
    f.trainee_hours = repo_.trainee_minutes(sql, from, now) / 60;
    f.partners = repo_.partner_organisations(sql);
    f.events_held = repo_.events_held(sql, from, now);
  });
  return f;
}

}  // namespace trame::website::home
