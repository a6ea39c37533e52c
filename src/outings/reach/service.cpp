#include "outings/reach/service.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

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

// The groups of one dimension, numbered as they are met: key, label, and their distinct people, those of
// them first, places.
class Lines {
 public:
  int id(const std::string& key, const std::string& label) {
    // Looked up before inserting: emplace would make (and drop) a node per call, once per row for the QPV.
    if (auto it = index_.find(key); it != index_.end()) return it->second;
    int g = static_cast<int>(keys_.size());
    index_.emplace(key, g);
    keys_.push_back(key);
    labels_.push_back(label);
    people_.push_back(0);
    first_.push_back(0);
    places_.push_back(0);
    return g;
  }
  // One person's groups in this dimension (their rows' groups, each once; first when any row is).
  void person(const std::vector<std::pair<int, bool>>& groups) {
    for (const auto& [g, first] : groups) {
      ++people_[static_cast<size_t>(g)];
      if (first) ++first_[static_cast<size_t>(g)];
    }
  }
  void places(int g, long long n) { places_[static_cast<size_t>(g)] += n; }
  // Most people first, then by label and key (bytes: the databases' order, SQLite's BINARY and C.UTF-8).
  std::vector<ReachLine> sorted() const {
    std::vector<ReachLine> out;
    out.reserve(keys_.size());
    for (size_t g = 0; g < keys_.size(); ++g) {
      ReachLine l;
      l.key = keys_[g];
      l.label = labels_[g];
      l.people = people_[g];
      l.first = first_[g];
      l.places = places_[g];
      out.push_back(std::move(l));
    }
    std::sort(out.begin(), out.end(), [](const ReachLine& a, const ReachLine& b) {
      if (a.people != b.people) return a.people > b.people;
      if (a.label != b.label) return a.label < b.label;
      return a.key < b.key;
    });
    return out;
  }

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> keys_, labels_;
  std::vector<long long> people_, first_, places_;
};

// Adds a group to a person's groups of one dimension (once; first when any of their rows there is).
void meet(std::vector<std::pair<int, bool>>& groups, int g, bool first) {
  for (auto& entry : groups)
    if (entry.first == g) {
      entry.second = entry.second || first;
      return;
    }
  groups.emplace_back(g, first);
}

// Every dimension from the rows at once, joined as the bookings' query joins them: the relais and its branch
// (rows of a relais not found count in none of those two), the commune of residence's EPCI and délégations
// (once per row of the délégation joins; a person without a known commune under « '' »), the QPV. The rows
// are taken person by person (sorted by person), so that distinct people are counted without sets.
void group_rows(Reach& r, const std::vector<PersonRow>& rows, const std::map<long long, RelaisDimensions>& relais,
                const std::map<std::string, CommuneDimensions>& communes) {
  Lines total, by_relais, by_delegation, by_epci, by_qpv, by_branch;
  total.id("", "");
  // Each row's groups, resolved once per relais and per commune.
  struct Where {
    int relais = -1, branch = -1, epci = 0, qpv = 0;
    const std::vector<int>* delegations = nullptr;
  };
  std::unordered_map<long long, std::pair<int, int>> relais_groups;
  std::unordered_map<std::string, std::pair<int, std::vector<int>>> commune_groups;
  const CommuneDimensions unknown{"", "", {{"", ""}}};
  std::vector<Where> where(rows.size());
  // (person, row): sorted by person without reading the rows again.
  std::vector<std::pair<long long, size_t>> by_person;
  by_person.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (!row.counted) continue;
    by_person.emplace_back(row.person, i);
    auto& w = where[i];
    auto rg = relais_groups.find(row.relais);
    if (rg == relais_groups.end()) {
      std::pair<int, int> ids{-1, -1};
      if (auto it = relais.find(row.relais); it != relais.end())
        ids = {by_relais.id(std::to_string(row.relais), it->second.name),
               by_branch.id(it->second.branch_key, it->second.branch_label)};
      rg = relais_groups.emplace(row.relais, ids).first;
    }
    w.relais = rg->second.first;
    w.branch = rg->second.second;
    auto cg = commune_groups.find(row.commune);
    if (cg == commune_groups.end()) {
      auto c = communes.find(row.commune);
      const CommuneDimensions& d = c == communes.end() ? unknown : c->second;
      std::pair<int, std::vector<int>> ids{by_epci.id(d.epci_key, d.epci_label), {}};
      for (const auto& [key, label] : d.delegations) ids.second.push_back(by_delegation.id(key, label));
      cg = commune_groups.emplace(row.commune, std::move(ids)).first;
    }
    w.epci = cg->second.first;
    w.delegations = &cg->second.second;
    w.qpv = by_qpv.id(row.qpv, "");
  }
  std::sort(by_person.begin(), by_person.end());
  std::vector<std::pair<int, bool>> t, rl, de, ep, qp, br;
  for (size_t i = 0; i < by_person.size();) {
    size_t j = i;
    for (auto* groups : {&t, &rl, &de, &ep, &qp, &br}) groups->clear();
    for (; j < by_person.size() && by_person[j].first == by_person[i].first; ++j) {
      const auto& row = rows[by_person[j].second];
      const auto& w = where[by_person[j].second];
      meet(t, 0, row.first);
      total.places(0, row.places);
      if (w.relais >= 0) {
        meet(rl, w.relais, row.first);
        by_relais.places(w.relais, row.places);
        meet(br, w.branch, row.first);
        by_branch.places(w.branch, row.places);
      }
      meet(ep, w.epci, row.first);
      by_epci.places(w.epci, row.places);
      meet(qp, w.qpv, row.first);
      by_qpv.places(w.qpv, row.places);
      for (int d : *w.delegations) {
        meet(de, d, row.first);
        by_delegation.places(d, row.places);
      }
    }
    total.person(t);
    by_relais.person(rl);
    by_delegation.person(de);
    by_epci.person(ep);
    by_qpv.person(qp);
    by_branch.person(br);
    i = j;
  }
  r.total = total.sorted().front();
  r.by_relais = by_relais.sorted();
  r.by_delegation = by_delegation.sorted();
  r.by_epci = by_epci.sorted();
  r.by_qpv = by_qpv.sorted();
  r.by_branch = by_branch.sorted();
}

// « Venues en groupe » of the period from its group rows, as the groups' query gave them: the total, and the
// lines of the relais (in id order) and of their branches (in branch id order, « no branch » first) — the
// order in which a relais or branch that only came in groups gets its line. Relais not found count nowhere.
struct GroupLines {
  long long total = 0;
  std::vector<ReachLine> by_relais, by_branch;
};
GroupLines group_lines_of(const std::vector<PersonRow>& rows, const std::map<long long, RelaisDimensions>& relais) {
  GroupLines out;
  std::map<long long, long long> per_relais;
  std::map<std::pair<long long, std::string>, ReachLine> per_branch;  // (id, -1 without a branch; key)
  for (const auto& row : rows) {
    if (row.arrived < 0) continue;
    auto it = relais.find(row.relais);
    if (it == relais.end()) continue;
    out.total += row.arrived;
    per_relais[row.relais] += row.arrived;
    const auto& key = it->second.branch_key;
    auto& line = per_branch[{key.empty() ? -1 : std::stoll(key), key}];
    line.key = key;
    line.label = it->second.branch_label;
    line.in_groups += row.arrived;
  }
  for (const auto& [id, arrived] : per_relais) {
    ReachLine l;
    l.key = std::to_string(id);
    l.label = relais.at(id).name;
    l.in_groups = arrived;
    out.by_relais.push_back(std::move(l));
  }
  for (auto& entry : per_branch) out.by_branch.push_back(std::move(entry.second));
  return out;
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
    // per-person rows of their relais. Any other period reads its used bookings once, « première sortie »
    // from the start of each person's first outing kept on their row (docs/outings.md). Both row paths are
    // grouped in C++.
    auto year = whole_year(from, to);
    std::string branch = year && !v.all ? repo_.year_branch(sql, *year, v.organisations) : std::string();
    GroupLines groups;
    if (year && (v.all || !branch.empty())) {
      auto total = repo_.reach_year(sql, "total", *year, branch, v.organisations, v.all);
      if (!total.empty()) r.total = total.front();
      r.by_relais = repo_.reach_year(sql, "relais", *year, branch, v.organisations, v.all);
      r.by_delegation = repo_.reach_year(sql, "delegation", *year, branch, v.organisations, v.all);
      r.by_epci = repo_.reach_year(sql, "epci", *year, branch, v.organisations, v.all);
      r.by_qpv = repo_.reach_year(sql, "qpv", *year, branch, v.organisations, v.all);
      r.by_branch = repo_.reach_year(sql, "branch", *year, branch, v.organisations, v.all);
    } else {
      // The rows read once, every dimension grouped from them, with the names of their relais and communes.
      auto rows = year ? repo_.year_rows(sql, *year, v.organisations)
                       : repo_.period_rows(sql, from, to, v.organisations, v.all);
      std::vector<long long> ids;
      std::vector<std::string> communes;
      {
        std::unordered_set<long long> seen_relais;
        std::unordered_set<std::string> seen_communes;
        for (const auto& row : rows) {
          if (seen_relais.insert(row.relais).second) ids.push_back(row.relais);
          if (!row.commune.empty() && seen_communes.insert(row.commune).second) communes.push_back(row.commune);
        }
      }
      auto relais = repo_.relais_dimensions(sql, ids);
      group_rows(r, rows, relais, repo_.commune_dimensions(sql, communes));
      if (!year) groups = group_lines_of(rows, relais);
    }
    // Group bookings: their arrived headcount goes beside these distinct people (a group has no person
    // to count once), in the total and per relais; a relais that only came in groups gets its line. A
    // period's come with its rows; a whole year's from the kept figures.
    if (year) {
      auto total = repo_.group_year(sql, "total", *year, v.organisations, v.all);
      if (!total.empty()) groups.total = total.front().in_groups;
      groups.by_relais = repo_.group_year(sql, "relais", *year, v.organisations, v.all);
      groups.by_branch = repo_.group_year(sql, "branch", *year, v.organisations, v.all);
    }
    r.total.in_groups = groups.total;
    auto merge = [](std::vector<ReachLine>& lines, std::vector<ReachLine> extra) {
      for (auto& g : extra) {
        auto it = std::find_if(lines.begin(), lines.end(), [&](const ReachLine& l) { return l.key == g.key; });
        if (it != lines.end()) it->in_groups = g.in_groups;
        else lines.push_back(std::move(g));
      }
    };
    merge(r.by_relais, std::move(groups.by_relais));
    merge(r.by_branch, std::move(groups.by_branch));
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
