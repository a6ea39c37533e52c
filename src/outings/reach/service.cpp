#include "outings/reach/service.hpp"

#include <algorithm>
#include <map>

#include "network/organisations/scope.hpp"
#include "network/partnerships/service.hpp"
#include "outings/bookings/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/i18n.hpp"

namespace trame::reach {

std::string masked(long long n) {
  if (n == 1 || n == 2) return "< 3";
  return std::to_string(n);
}

namespace {

constexpr long long kDay = 86400;

Period year_of(long long now) {
  Period p;
  int year = std::stoi(local_day(now).substr(0, 4));
  p.from_iso = std::to_string(year) + "-01-01";
  p.to_iso = std::to_string(year) + "-12-31";
  p.from = day_start(p.from_iso);
  p.to = day_start(std::to_string(year + 1) + "-01-01");
  return p;
}

// The day `months` calendar months before `now` (Paris), the day clamped to 28.
Date months_before(long long now, long long months) {
  auto today = parse_date(local_day(now));
  Date d = today ? *today : Date{1970, 1, 1};
  long long index = d.year * 12LL + (d.month - 1) - months;
  d.year = static_cast<int>(index / 12);
  d.month = static_cast<int>(index % 12) + 1;
  d.day = std::min(d.day, 28);
  return d;
}

}  // namespace

std::optional<int> whole_year(long long from, long long to) {
  std::string day = local_day(from);
  if (day.size() < 4) return std::nullopt;
  int year = std::stoi(day.substr(0, 4));
  if (from != day_start(std::to_string(year) + "-01-01") || to != day_start(std::to_string(year + 1) + "-01-01"))
    return std::nullopt;
  return year;
}

Period parse_period(const std::string& du, const std::string& au, long long now) {
  Period p = year_of(now);
  if (du.empty() && au.empty()) return p;
  auto from = parse_date(du.empty() ? p.from_iso : du);
  auto to = parse_date(au.empty() ? p.to_iso : au);
  if (!from || !to) {
    p.invalid = true;
    return p;
  }
  long long f = day_start(*from), t = next_day_start(*to);
  if (t <= f || t - f > 5 * 366 * kDay) {
    p.invalid = true;
    return p;
  }
  p.from = f;
  p.to = t;
  p.from_iso = iso_date(*from);
  p.to_iso = iso_date(*to);
  return p;
}

Service::Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
                 std::string public_url)
    : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

Visible Service::visible(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    Visible v;
    auto scope = organisations::network_scope(sql, me, perm::outings_manage);
    v.all = scope.everywhere;
    if (!v.all) {
      v.organisations = organisations::organisations_in_delegations(sql, scope);
      v.organisations.insert(v.organisations.end(), scope.own.begin(), scope.own.end());
    }
    return v;
  });
}

Reach Service::reach(const Visible& v, long long from, long long to) {
  return db_.read([&](soci::session& sql) {
    Reach r;
    r.from = from;
    r.to = to;
    // A whole calendar year is read from the figures kept by triggers (migration 0086): over every relais
    // and for a coordinator limited to a branch (its relais, and their own organisation without people this
    // year) from the counts, for any other coordinator (a délégation's relais cross branches) from the
    // per-person rows of their relais. Any other period counts the bookings (docs/outings.md).
    auto year = whole_year(from, to);
    std::string branch = year && !v.all ? repo_.year_branch(sql, *year, v.organisations) : std::string();
    auto lines = [&](const std::string& dimension) {
      if (!year) return repo_.reach(sql, dimension, from, to, v.organisations, v.all);
      if (v.all || !branch.empty()) return repo_.reach_year(sql, dimension, *year, branch, v.organisations, v.all);
      return repo_.reach_year_relais(sql, dimension, *year, v.organisations);
    };
    auto total = lines("total");
    if (!total.empty()) r.total = total.front();
    r.by_relais = lines("relais");
    r.by_delegation = lines("delegation");
    r.by_epci = lines("epci");
    r.by_qpv = lines("qpv");
    // Group bookings: their arrived headcount goes beside these distinct people (a group has no person
    // to count once), in the total and per relais; a relais that only came in groups gets its line.
    auto group_lines = [&](const std::string& dimension) {
      return year ? repo_.group_year(sql, dimension, *year, v.organisations, v.all)
                  : repo_.group_reach(sql, dimension, from, to, v.organisations, v.all);
    };
    auto groups = group_lines("total");
    if (!groups.empty()) r.total.in_groups = groups.front().in_groups;
    r.by_branch = lines("branch");
    auto merge = [](std::vector<ReachLine>& lines, std::vector<ReachLine> groups) {
      for (auto& g : groups) {
        auto it = std::find_if(lines.begin(), lines.end(), [&](const ReachLine& l) { return l.key == g.key; });
        if (it != lines.end()) it->in_groups = g.in_groups;
        else lines.push_back(std::move(g));
      }
    };
    merge(r.by_relais, group_lines("relais"));
    merge(r.by_branch, group_lines("branch"));
    // One line "no branch" only: an instance without branches shows no branch table at all.
    if (r.by_branch.size() == 1 && r.by_branch.front().key.empty()) r.by_branch.clear();
    return r;
  });
}

void Service::audit_export(const Actor& actor, const std::string& what, const std::string& detail) {
  audit_.record(actor, "outings.reach.exported", what, detail);
}

long long Service::dormant_months() {
  return db_.read([&](soci::session& sql) { return bookings::rule_in(sql, "dormant_months"); });
}

DormantPage Service::dormant(const Visible& v, long long now, long long page, long long per_page) {
  DormantPage out;
  out.months = dormant_months();
  Date cut = months_before(now, out.months);
  long long cutoff = day_start(cut);
  std::string started = iso_date(cut);
  db_.read([&](soci::session& sql) {
    out.total = repo_.count_dormant(sql, cutoff, started, v.organisations, v.all);
    out.relais =
        repo_.dormant(sql, cutoff, started, v.organisations, v.all, (std::max(1LL, page) - 1) * per_page, per_page);
    std::vector<long long> ids;
    ids.reserve(out.relais.size());
    for (const auto& r : out.relais) ids.push_back(r.id);
    std::map<long long, std::vector<Referent>> by_relais;
    for (auto& ref : repo_.referents(sql, ids)) by_relais[ref.organisation_id].push_back(std::move(ref));
    for (auto& r : out.relais) r.referents = by_relais[r.id];
  });
  return out;
}

std::vector<EndingPartnership> Service::ending(const Visible& v, long long now, long long limit, long long& total) {
  std::string today = local_day(now);
  std::string until = local_day(now + kEndingDays * kDay);
  return db_.read(
      [&](soci::session& sql) { return repo_.ending(sql, today, until, v.organisations, v.all, limit, total); });
}

SectorTable Service::new_partnerships(long long now) {
  SectorTable t;
  t.year = std::stoi(local_day(now).substr(0, 4));
  db_.read([&](soci::session& sql) {
    long long target = store::setting_int(sql, partnerships::kYearlyTargetKey, partnerships::kDefaultYearlyTarget);
    t.target = target < 0 ? partnerships::kDefaultYearlyTarget : target;
    std::map<std::string, SectorCount> rows;
    for (int y : {t.year - 1, t.year}) {
      std::string year = std::to_string(y);
      for (const auto& [sector, n] : repo_.started_by_sector(sql, year + "-01-01", year + "-12-31")) {
        auto& row = rows[sector];
        row.sector = sector;
        (y == t.year ? row.current : row.previous) += n;
      }
    }
    for (auto& entry : rows) {
      t.previous_total += entry.second.previous;
      t.current_total += entry.second.current;
      t.sectors.push_back(entry.second);
    }
  });
  return t;
}

RelaunchResult Service::relaunch(const Actor& actor, const Visible& v, long long organisation_id, long long now) {
  RelaunchResult result;
  bool visible =
      v.all || std::find(v.organisations.begin(), v.organisations.end(), organisation_id) != v.organisations.end();
  if (!visible) {
    result.outcome = Outcome::not_found();
    return result;
  }
  result.outcome = db_.attempt([&](soci::session& sql) -> Outcome {
    auto state = repo_.relais_state(sql, organisation_id);
    if (!state) return Outcome::not_found();
    result.name = state->name;
    if (!state->active_organisation || !state->active_partnership) return Outcome::failure("reach.errors.relais_left");
    auto referents = repo_.referents(sql, {organisation_id});
    if (referents.empty()) return Outcome::failure("reach.errors.no_referent");
    if (!repo_.claim_relaunch(sql, organisation_id, now, now - kRelaunchDays * kDay)) {
      result.last_at = repo_.last_relaunch(sql, organisation_id);
      return Outcome::conflict("reach.errors.too_soon");
    }
    long long months = bookings::rule_in(sql, "dormant_months");
    for (const auto& r : referents) {
      std::string locale = r.locale.empty() ? "fr" : r.locale;
      web::Params params{{"relais", state->name},
                         {"name", r.name},
                         {"months", std::to_string(months)},
                         {"url", public_url_ + "/sorties"}};
      mail_.enqueue(sql, r.email, catalogue_.t(locale, "reach.mail.relaunch.subject", params),
                    catalogue_.t(locale, "reach.mail.relaunch.body", params));
    }
    result.recipients = static_cast<long long>(referents.size());
    repo_.record_relaunch(sql, organisation_id, now, actor.id, result.recipients);
    audit_.record(sql, actor, "outings.relais.relaunched", "organisation:" + std::to_string(organisation_id),
                  std::to_string(result.recipients) + " destinataire(s)");
    return Outcome::success(organisation_id);
  });
  return result;
}

}  // namespace trame::reach
