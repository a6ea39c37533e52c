#include "plans/dashboards/service.hpp"

#include <algorithm>
#include <cstdio>

#include "network/organisations/scope.hpp"
#include "outings/reach/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::plans::dashboards {

std::string shown(long long n, bool people) {
  if (people && n > 0 && n < kSmallCount) return "< 5";
  return std::to_string(n);
}

std::string shown(const Figure& f, long long value) {
  if (!f.tenths) return shown(value, f.people);
  if (value <= 0) return "—";
  return std::to_string(value / 10) + "," + std::to_string(value % 10) + " / 5";
}

std::string change(const Figure& f) {
  if (f.previous == 0) return "";
  if (f.people && ((f.value > 0 && f.value < kSmallCount) || f.previous < kSmallCount)) return "";
  double pct = 100.0 * static_cast<double>(f.value - f.previous) / static_cast<double>(f.previous);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", pct);
  std::string s = buf;
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

Period parse_period(const std::string& du, const std::string& au, long long now) {
  auto r = reach::parse_period(du, au, now);
  Period p;
  p.from = r.from;
  p.to = r.to;
  p.from_iso = r.from_iso;
  p.to_iso = r.to_iso;
  p.invalid = r.invalid;
  p.previous_from = p.from - (p.to - p.from);
  p.previous_from_iso = local_day(p.previous_from);
  p.previous_to_iso = local_day(p.from - 1);
  return p;
}

namespace {

std::vector<long long> organisations_with_role(const Principal& me, const std::string& role) {
  std::vector<long long> out;
  for (const auto& m : me.memberships)
    if (m.role == role) out.push_back(m.organisation_id);
  return out;
}

std::vector<std::string> names_with_role(const Principal& me, const std::string& role) {
  std::vector<std::string> out;
  for (const auto& m : me.memberships)
    if (m.role == role) out.push_back(m.organisation_name);
  return out;
}

// The months of [from, to) (Paris), each clipped to the period.
template <typename F>
std::vector<MonthValue> monthly(long long from, long long to, F&& value) {
  std::vector<MonthValue> out;
  Date d = local_date(from), end = local_date(to - 1);
  for (int y = d.year, m = d.month; y < end.year || (y == end.year && m <= end.month);) {
    char month[8];
    std::snprintf(month, sizeof month, "%04d-%02d", y, m);
    long long a = std::max(from, month_start(y, m)), b = std::min(to, next_month_start(y, m));
    out.push_back({month, value(a, b)});
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return out;
}

// The series of a walk bucketed by month: the months of [from, to) and the starts of all but the first.
struct Months {
  std::vector<std::string> labels;
  std::vector<long long> cuts;
};

Months months_of(long long from, long long to) {
  Months out;
  for (const auto& m : monthly(from, to, [&](long long a, long long) {
         if (a > from) out.cuts.push_back(a);
         return 0LL;
       }))
    out.labels.push_back(m.month);
  return out;
}

std::vector<MonthValue> series_of(const Months& months, const std::vector<long long>& values) {
  std::vector<MonthValue> out;
  for (std::size_t i = 0; i < months.labels.size(); ++i) out.push_back({months.labels[i], values.at(i)});
  return out;
}

Figure figure(const std::string& key, long long value, long long previous, bool people, std::string url = {}) {
  return Figure{key, value, previous, people, std::move(url)};
}

}  // namespace

std::vector<Block> Service::blocks(const Principal& me, const Period& p) {
  return db_.read([&](soci::session& sql) {
    std::vector<Block> out;
    std::string period = "du=" + p.from_iso + "&au=" + p.to_iso;
    // The network (coordinators, administrators), limited to their délégations when their membership says so.
    if (me.is_admin() || me.has_role("coordinator")) {
      auto scope = organisations::network_scope(sql, me, perm::outings_manage);
      std::vector<long long> relais;
      long long branch = 0;     // the relais are exactly this branch's organisations (its whole years are kept)
      if (!scope.everywhere) {  // as /sorties/portee: the délégations' organisations and their own
        relais = organisations::organisations_in_delegations(sql, scope);  // by id
        if (scope.branches.size() == 1 && scope.delegations.empty() &&
            std::all_of(scope.own.begin(), scope.own.end(),
                        [&](long long id) { return std::binary_search(relais.begin(), relais.end(), id); }))
          branch = scope.branches.front();
        relais.insert(relais.end(), scope.own.begin(), scope.own.end());
      }
      bool all = scope.everywhere;
      Block b;
      b.audience = scope.limited() ? "delegation" : "network";
      b.scope_names = scope.names();
      Months months = months_of(p.from, p.to);
      std::vector<long long> places;
      auto now = repo_.relais_outings(sql, relais, all, p.from, p.to, months.cuts, &places, branch);
      auto before = repo_.relais_outings(sql, relais, all, p.previous_from, p.from, {}, nullptr, branch);
      b.figures.push_back(figure("people", now.people, before.people, true, "/sorties/portee?" + period));
      b.figures.push_back(figure("places", now.places, before.places, true, "/sorties/portee?" + period));
      b.figures.push_back(figure("bookings", now.bookings, before.bookings, true, "/sorties/pilotage?" + period));
      b.figures.push_back(figure("no_shows", now.no_shows, before.no_shows, true, "/sorties/pilotage?" + period));
      b.series = series_of(months, places);
      b.epci = repo_.per_epci(sql, relais, all, p.from, p.to);
      out.push_back(std::move(b));
    }
    if (auto venues = organisations_with_role(me, "partner_staff"); !venues.empty()) {
      Block b;
      b.audience = "venue";
      b.scope_names = names_with_role(me, "partner_staff");
      auto now = repo_.venue_outings(sql, venues, p.from, p.to);
      auto before = repo_.venue_outings(sql, venues, p.previous_from, p.from);
      b.figures.push_back(figure("offered", now.offered, before.offered, false, "/sorties/offres"));
      b.figures.push_back(figure("booked", now.booked, before.booked, true));
      b.figures.push_back(figure("places", now.places, before.places, true));
      b.figures.push_back(figure("no_shows", now.no_shows, before.no_shows, true));
      b.series = monthly(p.from, p.to, [&](long long a, long long z) { return repo_.venue_places(sql, venues, a, z); });
      out.push_back(std::move(b));
    }
    if (auto relais = organisations_with_role(me, "referent"); !relais.empty()) {
      Block b;
      b.audience = "relais";
      b.scope_names = names_with_role(me, "referent");
      Months months = months_of(p.from, p.to);
      std::vector<long long> places;
      auto now = repo_.relais_outings(sql, relais, false, p.from, p.to, months.cuts, &places);
      auto before = repo_.relais_outings(sql, relais, false, p.previous_from, p.from);
      b.figures.push_back(figure("bookings", now.bookings, before.bookings, true, "/sorties/reservations"));
      b.figures.push_back(figure("people", now.people, before.people, true, "/sorties/tableau-de-bord/personnes"));
      b.figures.push_back(figure("places", now.places, before.places, true));
      b.series = series_of(months, places);
      out.push_back(std::move(b));
    }
    if (auto organisers = organisations_with_role(me, "training_staff"); !organisers.empty()) {
      Block b;
      b.audience = "training";
      b.scope_names = names_with_role(me, "training_staff");
      auto now = repo_.trainings(sql, organisers, false, p.from, p.to);
      auto before = repo_.trainings(sql, organisers, false, p.previous_from, p.from);
      b.figures.push_back(figure("sessions", now.sessions, before.sessions, false, "/formations/gestion"));
      b.figures.push_back(figure("trainees", now.trainees, before.trainees, true));
      b.figures.push_back(figure("hours", now.minutes / 60, before.minutes / 60, false, "/formations/bilan"));
      Figure satisfaction = figure("satisfaction", now.satisfaction_tenths, before.satisfaction_tenths, false);
      satisfaction.tenths = true;
      b.figures.push_back(satisfaction);
      b.series = monthly(p.from, p.to, [&](long long a, long long z) {
        return repo_.trainings(sql, organisers, false, a, z).minutes / 60;
      });
      out.push_back(std::move(b));
      if (repo_.count_certifications(sql, organisers, false) > 0) {
        Block c;
        c.audience = "certifier";
        c.scope_names = names_with_role(me, "training_staff");
        auto cn = repo_.certifications(sql, organisers, false, p.from, p.to);
        auto cb = repo_.certifications(sql, organisers, false, p.previous_from, p.from);
        c.figures.push_back(figure("candidates", cn.candidates, cb.candidates, true));
        c.figures.push_back(figure("successes", cn.successes, cb.successes, true));
        out.push_back(std::move(c));
      }
    }
    return out;
  });
}

}  // namespace trame::plans::dashboards
