#include "network_life/assembly/service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/ics.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/app.hpp"

namespace trame::assembly {

namespace {

constexpr long long kMaxDurationSeconds = 24 * 3600;

// A count typed in a form: digits only (empty: 0); -1 when malformed.
long long parse_count(const std::string& raw) {
  std::string text = trim(raw);
  if (text.empty()) return 0;
  if (text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(text);
}

bool contains(const std::vector<members::MemberOrganisation>& list, long long id) {
  return std::any_of(list.begin(), list.end(),
                     [&](const members::MemberOrganisation& m) { return m.organisation_id == id; });
}

std::string lowered(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The form's details and agenda, checked (refuse() on the first fault).
void validate(const AssemblyInput& in, Assembly& a, std::vector<std::string>& agenda) {
  a.kind = trim(in.kind);
  if (!is_one_of(a.kind, kinds())) refuse("assembly.errors.kind", "kind");
  a.title = trim(in.title);
  if (a.title.empty()) refuse("assembly.errors.title", "title");
  if (code_points(a.title) > 200) refuse("assembly.errors.title_long", "title");
  a.starts_at = parse_local(trim(in.starts));
  if (a.starts_at < 0) refuse("assembly.errors.starts", "starts");
  a.ends_at = parse_local(trim(in.ends));
  if (a.ends_at < 0) refuse("assembly.errors.ends", "ends");
  if (a.ends_at <= a.starts_at) refuse("assembly.errors.end_before_start", "ends");
  if (a.ends_at - a.starts_at > kMaxDurationSeconds) refuse("assembly.errors.too_long", "ends");
  a.place = trim(in.place);
  if (code_points(a.place) > 300) refuse("assembly.errors.place_long", "place");
  a.video_url = trim(in.video_url);
  if (!a.video_url.empty() && (a.video_url.size() > 500 || !plausible_web_address(a.video_url)))
    refuse("assembly.errors.video_url", "video_url");
  if (a.place.empty() && a.video_url.empty()) refuse("assembly.errors.where", "place");
  std::string year = trim(in.year);
  if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string::npos)
    refuse("assembly.errors.year", "year");
  a.member_year = std::stoll(year);
  if (a.member_year < 2000 || a.member_year > 2100) refuse("assembly.errors.year", "year");
  agenda.clear();
  std::size_t start = 0;
  while (start <= in.agenda.size()) {
    std::size_t end = in.agenda.find('\n', start);
    if (end == std::string::npos) end = in.agenda.size();
    std::string line = trim(in.agenda.substr(start, end - start));
    start = end + 1;
    if (!line.empty()) {
      if (code_points(line) > 200) refuse("assembly.errors.agenda_long", "agenda");
      agenda.push_back(line);
    }
    if (end == in.agenda.size()) break;
  }
  if (agenda.empty()) refuse("assembly.errors.agenda", "agenda");
  if (agenda.size() > Service::kMaxAgendaItems) refuse("assembly.errors.agenda_many", "agenda");
}

std::string assembly_ref(long long id) {
  return "life_assembly:" + std::to_string(id);
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::when(long long starts_at, long long ends_at) const {
  if (local_day(starts_at) == local_day(ends_at))
    return t("assembly.when.same_day", {{"day", format_local(starts_at, "%d/%m/%Y")},
                                        {"from", format_local(starts_at, "%H:%M")},
                                        {"to", format_local(ends_at, "%H:%M")}});
  return t("assembly.when.days",
           {{"from", format_local(starts_at, "%d/%m/%Y %H:%M")}, {"to", format_local(ends_at, "%d/%m/%Y %H:%M")}});
}

bool Service::may_manage(const Principal& me, long long organiser_id) {
  return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
}

Rules Service::rules(soci::session& sql) const {
  Rules r;
  if (auto f = parse_fraction(store::setting(sql, "network_life.assembly_quorum"))) r.quorum = *f;
  if (auto f = parse_fraction(store::setting(sql, "network_life.assembly_qualified_majority"))) r.qualified = *f;
  r.notice_days = std::clamp<long long>(store::setting_int(sql, "network_life.assembly_notice_days", 15), 0, 365);
  r.proxy_limit = std::clamp<long long>(store::setting_int(sql, "network_life.assembly_proxy_limit", 2), 0, 100);
  return r;
}

Rules Service::rules() {
  return db_.read([&](soci::session& sql) { return rules(sql); });
}

std::vector<std::pair<long long, std::string>> Service::organisers(const Principal& me) {
  if (me.is_admin()) return db_.read([&](soci::session& sql) { return repo_.directory(sql, 2000); });
  std::vector<std::pair<long long, std::string>> out;
  for (const auto& m : me.memberships)
    if (me.can_in(perm::network_life_manage, m.organisation_id) &&
        std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.first == m.organisation_id; }))
      out.emplace_back(m.organisation_id, m.organisation_name);
  return out;
}

std::vector<members::MemberOrganisation> Service::mine(const Principal& me, long long year) {
  std::vector<members::MemberOrganisation> out;
  if (me.id == 0) return out;
  for (const auto& c : members_.member_contacts(year))
    if (c.user_id == me.id && !contains(out, c.organisation_id))
      out.push_back({c.organisation_id, c.organisation_name});
  return out;
}

bool Service::may_see(const Principal& me, const Assembly& a,
                      const std::vector<members::MemberOrganisation>& mine) const {
  if (may_manage(me, a.organiser_id) || !mine.empty()) return true;
  return std::any_of(me.memberships.begin(), me.memberships.end(),
                     [&](const Membership& m) { return m.organisation_id == a.organiser_id; });
}

// ---- Pages

std::optional<AssemblyPage> Service::list(const Principal& me, int page) {
  Visible visible;
  visible.all = me.is_admin();
  if (!visible.all) {
    for (const auto& m : me.memberships) visible.organisers.push_back(m.organisation_id);
    auto all_years = db_.read([&](soci::session& sql) { return repo_.years(sql); });
    for (long long y : all_years)
      if (!mine(me, y).empty()) visible.years.push_back(y);
  }
  return db_.read([&](soci::session& sql) -> std::optional<AssemblyPage> {
    AssemblyPage out;
    out.total = repo_.count(sql, visible);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.list(sql, visible, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

std::optional<AssemblyView> Service::view(const Principal& me, long long id) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!found) return std::nullopt;
  auto my_orgs = mine(me, found->member_year);
  if (!may_see(me, *found, my_orgs)) return std::nullopt;
  auto year_members = members_.members_of(found->member_year);
  return db_.read([&](soci::session& sql) -> std::optional<AssemblyView> {
    auto a = repo_.find(sql, id);
    if (!a) return std::nullopt;
    AssemblyView v;
    v.assembly = *a;
    v.manages = may_manage(me, a->organiser_id);
    v.agenda = repo_.agenda(sql, id);
    v.resolutions = repo_.resolutions(sql, id);
    v.attendance = repo_.attendance(sql, id);
    v.members = year_members;
    v.mine = my_orgs;
    v.rules = rules(sql);
    v.voters = repo_.voters(sql, id);
    v.needed = quorum_needed(static_cast<long long>(v.members.size()), v.rules.quorum);
    v.quorum = quorum_reached(static_cast<long long>(v.members.size()), v.voters, v.rules.quorum);
    long long now = store::now_seconds();
    v.may_give_proxy = !v.mine.empty() && !a->published() && local_day(now) < local_day(a->starts_at);
    return v;
  });
}

std::optional<AssemblyView> Service::next_for(const Principal& me) {
  auto page = list(me, 1);
  if (!page) return std::nullopt;
  long long now = store::now_seconds();
  const Assembly* next = nullptr;
  for (const auto& a : page->items)
    if (!a.published() && a.ends_at >= now && (!next || a.starts_at < next->starts_at)) next = &a;
  if (!next) return std::nullopt;
  return view(me, next->id);
}

// ---- Managers

Outcome Service::create(const Actor& actor, const Principal& me, const AssemblyInput& in) {
  long long organiser = web::parse_id(trim(in.organiser));
  if (organiser <= 0) {
    auto choices = organisers(me);
    if (choices.size() == 1) organiser = choices.front().first;
  }
  return db_.attempt([&](soci::session& sql) {
    if (organiser <= 0) refuse("assembly.errors.organiser", "organiser");
    if (!may_manage(me, organiser)) roll_back(Outcome::forbidden("assembly.errors.managers_only"));
    if (repo_.organisation_name(sql, organiser).empty()) refuse("assembly.errors.organiser", "organiser");
    Assembly a;
    a.organiser_id = organiser;
    std::vector<std::string> agenda;
    validate(in, a, agenda);
    a.created_by = me.id;
    long long now = store::now_seconds();
    a.id = repo_.insert(sql, a, now);
    repo_.set_agenda(sql, a.id, agenda);
    audit_.record(sql, actor, "assembly.create", assembly_ref(a.id),
                  "organisation:" + std::to_string(organiser) + " " + a.title);
    return Outcome::success(a.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const AssemblyInput& in) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  return db_.attempt([&](soci::session& sql) {
    if (!found || !may_see(me, *found, my_orgs)) roll_back(Outcome::not_found());
    if (!may_manage(me, found->organiser_id)) roll_back(Outcome::forbidden("assembly.errors.managers_only"));
    repo_.hold(sql, id);
    Assembly a = *repo_.find(sql, id);
    if (a.published()) roll_back(Outcome::conflict("assembly.errors.locked"));
    // What the members received stays what the assembly is.
    if (a.notice_sent()) roll_back(Outcome::conflict("assembly.errors.notice_sent_no_edit"));
    std::vector<std::string> agenda;
    validate(in, a, agenda);
    repo_.update(sql, a, store::now_seconds());
    repo_.set_agenda(sql, id, agenda);
    audit_.record(sql, actor, "assembly.update", assembly_ref(id), a.title);
    return Outcome::success(id);
  });
}

Outcome Service::add_resolution(const Actor& actor, const Principal& me, long long id, const ResolutionInput& in) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  return db_.attempt([&](soci::session& sql) {
    if (!found || !may_see(me, *found, my_orgs)) roll_back(Outcome::not_found());
    if (!may_manage(me, found->organiser_id)) roll_back(Outcome::forbidden("assembly.errors.managers_only"));
    repo_.hold(sql, id);
    auto a = repo_.find(sql, id);
    if (a->published()) roll_back(Outcome::conflict("assembly.errors.locked"));
    Resolution r;
    r.assembly_id = id;
    r.title = trim(in.title);
    if (r.title.empty()) refuse("assembly.errors.resolution_title", "title");
    if (code_points(r.title) > 200) refuse("assembly.errors.resolution_title_long", "title");
    r.body = trim(in.body);
    if (code_points(r.body) > 5000) refuse("assembly.errors.resolution_body_long", "body");
    r.majority = trim(in.majority);
    if (!is_one_of(r.majority, majorities())) refuse("assembly.errors.majority", "majority");
    if (repo_.resolutions(sql, id).size() >= 50) refuse("assembly.errors.resolutions_many", "title");
    r.id = repo_.insert_resolution(sql, r);
    audit_.record(sql, actor, "assembly.resolution", assembly_ref(id), r.title + " (" + r.majority + ")");
    return Outcome::success(r.id);
  });
}

Outcome Service::send_notice(const Actor& actor, const Principal& me, long long id) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  auto contacts = found ? members_.member_contacts(found->member_year) : std::vector<members::Contact>{};
  return db_.attempt([&](soci::session& sql) {
    if (!found || !may_see(me, *found, my_orgs)) roll_back(Outcome::not_found());
    if (!may_manage(me, found->organiser_id)) roll_back(Outcome::forbidden("assembly.errors.managers_only"));
    repo_.hold(sql, id);
    Assembly a = *repo_.find(sql, id);
    if (a.published()) roll_back(Outcome::conflict("assembly.errors.locked"));
    if (a.notice_sent()) roll_back(Outcome::conflict("assembly.errors.notice_already"));
    Rules r = rules(sql);
    long long now = store::now_seconds();
    if (a.starts_at - now < r.notice_days * 86400) roll_back(Outcome::conflict("assembly.errors.notice_too_late"));
    // One e-mail per address (a person may be the contact of two members).
    std::vector<members::Contact> to;
    std::set<std::string> seen;
    for (const auto& c : contacts)
      if (!c.email.empty() && seen.insert(lowered(c.email)).second) to.push_back(c);
    if (to.empty()) roll_back(Outcome::conflict("assembly.errors.no_contacts"));
    if (!repo_.claim_notice(sql, id, me.id, static_cast<long long>(to.size()), now))
      roll_back(Outcome::conflict("assembly.errors.notice_already"));
    auto agenda = repo_.agenda(sql, id);
    auto resolutions = repo_.resolutions(sql, id);
    std::string agenda_text, resolutions_text;
    long long n = 0;
    for (const auto& item : agenda) agenda_text += std::to_string(++n) + ". " + item.title + "\n";
    n = 0;
    for (const auto& res : resolutions)
      resolutions_text +=
          std::to_string(++n) + ". " + res.title + " (" + t("assembly.majorities." + res.majority) + ")\n";
    if (resolutions_text.empty()) resolutions_text = t("assembly.mail.no_resolutions") + "\n";
    std::string where = a.place;
    if (!a.video_url.empty()) where += (where.empty() ? "" : " — ") + a.video_url;
    std::string url = public_url_ + "/adherents/assemblees/" + std::to_string(id);
    docs::CalendarEvent ev;
    std::string host = public_url_;
    if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
    if (auto p = host.find_first_of("/:"); p != std::string::npos) host = host.substr(0, p);
    ev.uid = "life-assembly-" + std::to_string(id) + "@" + (host.empty() ? std::string("trame") : host);
    ev.starts_at = a.starts_at;
    ev.ends_at = a.ends_at;
    ev.stamp = now;
    ev.summary = a.title;
    ev.description = t("assembly.mail.ics_description", {{"agenda", agenda_text}, {"url", url}});
    ev.location = a.place.empty() ? a.video_url : a.place;
    ev.url = url;
    std::string ics = docs::ics_calendar({ev}, "-//Trame//Vie du réseau//FR");
    for (const auto& c : to) {
      web::Params p = {{"name", c.name},
                       {"organisation", c.organisation_name},
                       {"organiser", a.organiser_name},
                       {"title", a.title},
                       {"kind", t("assembly.kinds." + a.kind)},
                       {"when", when(a.starts_at, a.ends_at)},
                       {"where", where},
                       {"year", std::to_string(a.member_year)},
                       {"agenda", agenda_text},
                       {"resolutions", resolutions_text},
                       {"limit", std::to_string(r.proxy_limit)},
                       {"url", url}};
      mail_.enqueue(sql, c.email, t("assembly.mail.subject", p), t("assembly.mail.body", p),
                    mail::Attachment{"convocation.ics", "text/calendar; method=PUBLISH; charset=UTF-8", ics});
    }
    audit_.record(sql, actor, "assembly.notice", assembly_ref(id), std::to_string(to.size()) + " convocation(s)");
    return Outcome::success(static_cast<long long>(to.size()));
  });
}

Outcome Service::record_attendance(const Actor& actor, const Principal& me, long long id, const AttendanceInput& in) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  auto year_members = found ? members_.members_of(found->member_year) : std::vector<members::MemberOrganisation>{};
  return db_.attempt([&](soci::session& sql) {
    if (!found || !may_see(me, *found, my_orgs)) roll_back(Outcome::not_found());
    bool manages = may_manage(me, found->organiser_id);
    if (!manages && my_orgs.empty()) roll_back(Outcome::forbidden("assembly.errors.members_only"));
    // One proxy after the other at an assembly: the holder's count below is read under this hold
    // (a row lock on PostgreSQL; SQLite's write transactions are serial).
    repo_.hold(sql, id);
    Assembly a = *repo_.find(sql, id);
    if (a.published()) roll_back(Outcome::conflict("assembly.errors.locked"));
    long long now = store::now_seconds();
    long long organisation = web::parse_id(trim(in.organisation));
    if (organisation <= 0 || !contains(year_members, organisation))
      refuse("assembly.errors.not_member", "organisation");
    if (!manages) {
      if (!contains(my_orgs, organisation)) roll_back(Outcome::forbidden("assembly.errors.own_only"));
      if (local_day(now) >= local_day(a.starts_at)) roll_back(Outcome::conflict("assembly.errors.too_late_proxy"));
    }
    Attendance row;
    row.organisation_id = organisation;
    row.status = trim(in.status);
    if (!is_one_of(row.status, attendance_statuses())) refuse("assembly.errors.status", "status");
    row.recorded_by = me.id;
    // A holder carries its proxies in person: it cannot be represented or absent while it holds some.
    if (row.status != "present" && repo_.proxies_held(sql, id, organisation, 0) > 0)
      refuse("assembly.errors.holds_proxies", "status");
    if (row.status == "represented") {
      std::string holder_text = trim(in.holder);
      if (holder_text.empty()) refuse("assembly.errors.holder_missing", "holder");
      long long holder = web::parse_id(holder_text);
      if (holder == organisation) refuse("assembly.errors.proxy_self", "holder");
      if (holder <= 0 || !contains(year_members, holder)) refuse("assembly.errors.proxy_non_member", "holder");
      auto holder_row = repo_.attendance_of(sql, id, holder);
      if (holder_row && holder_row->status == "represented") refuse("assembly.errors.holder_represented", "holder");
      Rules r = rules(sql);
      if (repo_.proxies_held(sql, id, holder, organisation) >= r.proxy_limit)
        roll_back(Outcome::conflict("assembly.errors.proxy_limit", "holder"));
      row.holder_id = holder;
    }
    repo_.set_attendance(sql, id, row, now);
    audit_.record(sql, actor, "assembly.attendance", assembly_ref(id),
                  "organisation:" + std::to_string(organisation) + " " + row.status +
                      (row.holder_id ? " → organisation:" + std::to_string(row.holder_id) : std::string()));
    return Outcome::success(id);
  });
}

Outcome Service::record_votes(const Actor& actor, const Principal& me, long long id, long long resolution_id,
                              const VotesInput& in) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  long long member_count = found ? static_cast<long long>(members_.members_of(found->member_year).size()) : 0;
  return db_.attempt([&](soci::session& sql) {
    if (!found || !may_see(me, *found, my_orgs)) roll_back(Outcome::not_found());
    auto res = repo_.resolution(sql, resolution_id);
    if (!res || res->assembly_id != id) roll_back(Outcome::not_found());
    if (!may_manage(me, found->organiser_id)) roll_back(Outcome::forbidden("assembly.errors.managers_only"));
    repo_.hold(sql, id);
    Assembly a = *repo_.find(sql, id);
    if (a.published()) roll_back(Outcome::conflict("assembly.errors.locked"));
    long long now = store::now_seconds();
    if (a.starts_at > now) roll_back(Outcome::conflict("assembly.errors.not_started"));
    Rules r = rules(sql);
    long long voters = repo_.voters(sql, id);
    if (!quorum_reached(member_count, voters, r.quorum))
      roll_back(Outcome::conflict("assembly.errors.quorum_not_reached"));
    Votes v{parse_count(in.for_), parse_count(in.against), parse_count(in.abstain)};
    if (v.for_ < 0 || v.for_ > kMaxVotes) refuse("assembly.errors.votes_count", "for");
    if (v.against < 0 || v.against > kMaxVotes) refuse("assembly.errors.votes_count", "against");
    if (v.abstain < 0 || v.abstain > kMaxVotes) refuse("assembly.errors.votes_count", "abstain");
    if (!votes_valid(v, voters)) refuse("assembly.errors.too_many_votes", "for");
    res->votes_for = v.for_;
    res->votes_against = v.against;
    res->votes_abstain = v.abstain;
    res->result = adopted(v, res->majority == "qualified", r.qualified) ? "adopted" : "rejected";
    repo_.set_votes(sql, *res, now);
    audit_.record(sql, actor, "assembly.votes", assembly_ref(id),
                  res->title + " : " + std::to_string(v.for_) + " pour, " + std::to_string(v.against) + " contre, " +
                      std::to_string(v.abstain) + " abstention(s) — " + res->result);
    return Outcome::success(resolution_id);
  });
}

Outcome Service::publish(const Actor& actor, const Principal& me, long long id) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  long long member_count = found ? static_cast<long long>(members_.members_of(found->member_year).size()) : 0;
  return db_.attempt([&](soci::session& sql) {
    if (!found || !may_see(me, *found, my_orgs)) roll_back(Outcome::not_found());
    if (!may_manage(me, found->organiser_id)) roll_back(Outcome::forbidden("assembly.errors.managers_only"));
    repo_.hold(sql, id);
    Assembly a = *repo_.find(sql, id);
    if (a.published()) roll_back(Outcome::conflict("assembly.errors.locked"));
    long long now = store::now_seconds();
    if (a.starts_at > now) roll_back(Outcome::conflict("assembly.errors.not_started"));
    Rules r = rules(sql);
    bool quorum = quorum_reached(member_count, repo_.voters(sql, id), r.quorum);
    // Without the quorum the minutes record that no vote could take place; with it, every resolution is voted.
    if (quorum)
      for (const auto& res : repo_.resolutions(sql, id))
        if (res.result.empty()) roll_back(Outcome::conflict("assembly.errors.not_all_voted"));
    if (!repo_.claim_publication(sql, id, me.id, now)) roll_back(Outcome::conflict("assembly.errors.locked"));
    audit_.record(sql, actor, "assembly.publish", assembly_ref(id), a.title);
    return Outcome::success(id);
  });
}

// ---- The minutes

std::string Service::render_minutes(soci::session& sql, const Assembly& a, const Rules& r, long long members) {
  std::string title = t("assembly.minutes.pdf_title", {{"title", a.title}});
  docs::PdfDocument pdf(title);
  pdf.set_author(a.organiser_name);
  pdf.set_subject(t("assembly.kinds." + a.kind));
  pdf.set_language("fr-FR");
  pdf.set_page_label(t("assembly.minutes.page"));
  pdf.heading(title);
  std::string where = a.place;
  if (!a.video_url.empty()) where += (where.empty() ? "" : " — ") + a.video_url;
  pdf.paragraph(t("assembly.minutes.organiser", {{"name", a.organiser_name}}) + "\n" +
                t("assembly.minutes.kind", {{"kind", t("assembly.kinds." + a.kind)}}) + "\n" +
                t("assembly.minutes.when", {{"when", when(a.starts_at, a.ends_at)}}) + "\n" +
                t("assembly.minutes.where", {{"where", where}}) + "\n" +
                t("assembly.minutes.year", {{"year", std::to_string(a.member_year)}}));

  pdf.subheading(t("assembly.agenda.heading"));
  std::string agenda;
  long long n = 0;
  for (const auto& item : repo_.agenda(sql, a.id))
    agenda += (agenda.empty() ? "" : "\n") + std::to_string(++n) + ". " + item.title;
  pdf.paragraph(agenda);

  auto rows = repo_.attendance(sql, a.id);
  long long present = 0, represented = 0;
  for (const auto& row : rows) {
    if (row.status == "present") ++present;
    if (row.status == "represented") ++represented;
  }
  pdf.subheading(t("assembly.attendance.heading"));
  docs::PdfTable table{
      {t("assembly.attendance.organisation"), t("assembly.attendance.status"), t("assembly.attendance.holder")},
      {4, 2, 4},
      {}};
  for (const auto& row : rows)
    if (row.status != "absent")
      table.rows.push_back({row.organisation_name, t("assembly.statuses." + row.status),
                            row.holder_name.empty() ? std::string("—") : row.holder_name});
  if (table.rows.empty()) pdf.paragraph(t("assembly.attendance.none"));
  else pdf.table(table);

  pdf.subheading(t("assembly.quorum.heading"));
  bool quorum = quorum_reached(members, present + represented, r.quorum);
  pdf.paragraph(
      t("assembly.quorum.summary", {{"members", std::to_string(members)},
                                    {"present", std::to_string(present)},
                                    {"represented", std::to_string(represented)},
                                    {"needed", std::to_string(quorum_needed(members, r.quorum))},
                                    {"fraction", std::to_string(r.quorum.num) + "/" + std::to_string(r.quorum.den)}}) +
      "\n" + t(quorum ? "assembly.quorum.reached" : "assembly.quorum.not_reached"));

  pdf.subheading(t("assembly.resolutions.heading"));
  auto resolutions = repo_.resolutions(sql, a.id);
  if (resolutions.empty()) pdf.paragraph(t("assembly.resolutions.none"));
  n = 0;
  for (const auto& res : resolutions) {
    pdf.paragraph(t("assembly.minutes.resolution", {{"n", std::to_string(++n)}, {"title", res.title}}));
    if (!res.body.empty()) pdf.paragraph(res.body);
    std::string majority =
        res.majority == "qualified"
            ? t("assembly.majorities.qualified_with",
                {{"fraction", std::to_string(r.qualified.num) + "/" + std::to_string(r.qualified.den)}})
            : t("assembly.majorities.simple");
    if (res.result.empty()) {
      pdf.paragraph(majority + " — " + t("assembly.resolutions.not_voted"));
    } else {
      pdf.paragraph(majority + " — " +
                    t("assembly.resolutions.votes", {{"for", std::to_string(res.votes_for)},
                                                     {"against", std::to_string(res.votes_against)},
                                                     {"abstain", std::to_string(res.votes_abstain)}}) +
                    " — " + t("assembly.results." + res.result));
    }
  }
  if (a.published_at)
    pdf.paragraph(t("assembly.minutes.published_on", {{"when", format_local(a.published_at, "%d/%m/%Y %H:%M")}}));
  return pdf.render();
}

Outcome Service::minutes_pdf(const Principal& me, long long id, std::string& pdf, std::string& file_name) {
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  auto my_orgs = found ? mine(me, found->member_year) : std::vector<members::MemberOrganisation>{};
  if (!found || !may_see(me, *found, my_orgs)) return Outcome::not_found();
  if (!found->published()) return Outcome::conflict("assembly.errors.not_published");
  long long member_count = static_cast<long long>(members_.members_of(found->member_year).size());
  return db_.read([&](soci::session& sql) -> Outcome {
    pdf = render_minutes(sql, *found, rules(sql), member_count);
    file_name = docs::pdf_file_name({"proces-verbal", found->title, format_local(found->starts_at, "%Y-%m-%d")});
    return Outcome::success(id);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::assembly
