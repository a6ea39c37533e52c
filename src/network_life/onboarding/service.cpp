#include "network_life/onboarding/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/store/settings.hpp"

namespace trame::onboarding {

// ------------------------------------------------------------------------------------------ rules

bool onboards(const events::Attended& a) {
  return a.kind == kWorkshopKind && a.user_id > 0 && parse_date(a.day).has_value();
}

std::string years_before(const std::string& today, long long years) {
  auto d = parse_date(today);
  if (!d) return today;
  Date back{d->year - static_cast<int>(years), d->month, d->day};
  if (back.month == 2 && back.day == 29) back.day = 28;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", back.year, back.month, back.day);
  return buf;
}

long long valid_years_of(const std::string& setting) {
  if (setting.empty() || setting.size() > 2 || setting.find_first_not_of("0123456789") != std::string::npos)
    return kDefaultValidYears;
  long long n = std::stoll(setting);
  return n >= 1 && n <= 50 ? n : kDefaultValidYears;
}

// ------------------------------------------------------------------------------------ the listener

long long Service::record_attended(soci::session& sql, const Actor& actor, const events::Attended& a) {
  if (!onboards(a)) return 0;
  std::vector<long long> relais;
  if (a.organisation_id > 0) {
    relais.push_back(a.organisation_id);
  } else {
    relais = repo_.referent_of(sql, a.user_id);
  }
  long long done = 0;
  long long now = store::now_seconds();
  for (long long org : relais) {
    if (!bookings_.record_onboarding_in(sql, actor, a.user_id, org, a.day)) continue;
    if (repo_.recorded(sql, a.user_id, org, a.event_id)) continue;
    repo_.insert(sql, a.user_id, org, a.event_id, kWorkshopKind, a.day, now);
    audit_.record(sql, actor, "onboarding.recorded", "user:" + std::to_string(a.user_id),
                  "relais " + std::to_string(org) + ", atelier d'appropriation (événement " +
                      std::to_string(a.event_id) + ") du " + a.day);
    ++done;
  }
  return done;
}

// ------------------------------------------------------------------------------------------ access

ActingFor Service::relais_scope(const Principal& me) {
  if (me.is_admin()) return ActingFor::everywhere();
  return me.acting_for(perm::network_life_manage);
}

bool Service::may_manage(const Principal& me, long long relais_id) {
  if (me.is_admin()) return true;
  ActingFor scope = relais_scope(me);
  if (scope.none()) return false;
  return db_.read([&](soci::session& sql) { return repo_.covers(sql, scope, relais_id); });
}

long long Service::valid_years() {
  return db_.read([&](soci::session& sql) { return valid_years_of(store::setting(sql, kValidYearsSetting)); });
}

// ------------------------------------------------------------------------------------------- pages

std::optional<RelaisView> Service::relais(const Principal& me, long long relais_id, long long page) {
  bool member = std::any_of(me.memberships.begin(), me.memberships.end(),
                            [&](const Membership& m) { return m.organisation_id == relais_id; });
  bool manages = may_manage(me, relais_id);
  if (!member && !manages) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<RelaisView> {
    RelaisView v;
    auto name = repo_.relais_name(sql, relais_id);
    if (!name) return std::nullopt;
    v.id = relais_id;
    v.name = *name;
    v.manages = manages;
    v.referents = repo_.referents(sql, relais_id);
    v.history_total = repo_.history_count(sql, relais_id);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage, limit = kPerPage;
    v.history = repo_.history(sql, relais_id, limit, offset);
    return v;
  });
}

std::optional<Page<RelaisRow>> Service::without_onboarded(const Principal& me, long long page) {
  if (!coordinates(me)) return std::nullopt;
  ActingFor scope = relais_scope(me);
  return db_.read([&](soci::session& sql) {
    Page<RelaisRow> out;
    out.total = repo_.count_without_onboarded(sql, scope);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage, limit = kPerPage;
    out.items = repo_.without_onboarded(sql, scope, limit, offset);
    return out;
  });
}

std::optional<Page<OldRow>> Service::grown_old(const Principal& me, long long page, std::string& before) {
  if (!coordinates(me)) return std::nullopt;
  before = years_before(local_day(store::now_seconds()), valid_years());
  ActingFor scope = relais_scope(me);
  return db_.read([&](soci::session& sql) {
    Page<OldRow> out;
    out.total = repo_.count_onboarded_before(sql, scope, before);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage, limit = kPerPage;
    out.items = repo_.onboarded_before(sql, scope, before, limit, offset);
    return out;
  });
}

// -------------------------------------------------------------------------------------------- demo

void Service::load_demo(const Actor&) {
  // Nothing to fake: the events demo records the demo referent's presence at an atelier d'appropriation
  // through its service, and record_attended (the listener) onboards them.
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::onboarding
