#include "network_life/members/service.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/app.hpp"

namespace trame::members {

// ---- Pure rules

long long parse_euros(const std::string& raw) {
  std::string text;
  for (char c : raw)
    if (c != ' ' && c != '\xC2' && c != '\xA0') text += c;  // spaces, also a no-break space
  if (text.size() >= 3 && text.compare(text.size() - 3, 3, "\xE2\x82\xAC") == 0) text.erase(text.size() - 3);
  if (text.empty() || text.size() > 12) return -1;
  std::size_t sep = text.find_first_of(",.");
  std::string whole = text.substr(0, sep);
  std::string frac = sep == std::string::npos ? "" : text.substr(sep + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (sep != std::string::npos && (frac.empty() || frac.size() > 2)) return -1;
  if (frac.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (whole.size() > 9) return -1;
  long long cents = std::stoll(whole) * 100;
  if (frac.size() == 1) cents += (frac[0] - '0') * 10;
  if (frac.size() == 2) cents += (frac[0] - '0') * 10 + (frac[1] - '0');
  return cents;
}

std::string format_euros(long long cents) {
  if (cents < 0) return "";
  std::string whole = std::to_string(cents / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += "\xE2\x80\xAF";  // narrow no-break space
    grouped += whole[i];
  }
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02lld", cents % 100);
  return grouped + "," + frac + "\xC2\xA0\xE2\x82\xAC";
}

std::string csv_field(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",;\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

long long year_of(long long now) {
  return std::stoll(format_local(now, "%Y"));
}

long long parse_year(const std::string& text) {
  std::string s = trim(text);
  if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(s);
}

std::string subject_of(long long id) {
  return "life_membership:" + std::to_string(id);
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

bool Service::may_manage(const Principal& me, long long organiser_id) {
  return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
}

long long Service::reminder_day() {
  return db_.read([&](soci::session& sql) {
    return std::clamp<long long>(store::setting_int(sql, kReminderDayKey, kDefaultReminderDay), 1, 31);
  });
}

bool Service::december_open(soci::session& sql, long long now) {
  long long day = std::clamp<long long>(store::setting_int(sql, kReminderDayKey, kDefaultReminderDay), 1, 31);
  return std::stoi(format_local(now, "%m")) == 12 && std::stoi(format_local(now, "%d")) >= day;
}

// ---- Contract for the other modules

std::vector<MemberOrganisation> Service::members_of(long long year) {
  return db_.read([&](soci::session& sql) {
    std::vector<MemberOrganisation> out;
    for (const auto& o : repo_.members_in(sql, year)) out.push_back({o.id, o.name});
    return out;
  });
}

bool Service::is_member(long long organisation_id, long long year) {
  return db_.read([&](soci::session& sql) { return repo_.is_member(sql, organisation_id, year); });
}

std::vector<Contact> Service::contacts_of(soci::session& sql, const Membership& m) {
  std::vector<Contact> out;
  if (m.contact_user_id) {
    auto staff = repo_.staff(sql, m.organisation_id);
    for (const auto& p : staff)
      if (p.user_id == m.contact_user_id) {
        out.push_back({p.user_id, m.organisation_id, m.organisation_name, p.email, p.name});
        return out;
      }
  }
  for (const auto& p : repo_.staff(sql, m.organisation_id))
    out.push_back({p.user_id, m.organisation_id, m.organisation_name, p.email, p.name});
  return out;
}

std::vector<Contact> Service::member_contacts(long long year) {
  return db_.read([&](soci::session& sql) {
    std::vector<Contact> out;
    std::set<std::pair<long long, long long>> seen;
    std::vector<Membership> all = repo_.with_status(sql, year, "member");
    for (auto& m : repo_.with_status(sql, year, "lapsed")) all.push_back(m);
    for (const auto& m : all)
      for (auto& c : contacts_of(sql, m))
        if (seen.insert({c.user_id, c.organisation_id}).second) out.push_back(std::move(c));
    return out;
  });
}

// ---- Choices

std::vector<OrganisationRef> Service::own_organisations(const Principal& me) {
  std::vector<OrganisationRef> out;
  std::set<long long> seen;
  for (const auto& ms : me.memberships)
    if (is_one_of(ms.role, staff_roles()) && ms.organisation_id && seen.insert(ms.organisation_id).second) {
      auto o = db_.read([&](soci::session& sql) { return repo_.organisation(sql, ms.organisation_id); });
      if (o) out.push_back(*o);
    }
  return out;
}

std::vector<OrganisationRef> Service::networks_in(soci::session& sql, long long organisation_id) {
  std::vector<OrganisationRef> out;
  std::set<long long> seen;
  for (const auto& list : {repo_.organisers(sql), repo_.partnership_heads(sql, organisation_id)})
    for (const auto& o : list)
      if (o.id != organisation_id && seen.insert(o.id).second) out.push_back(o);
  return out;
}

std::vector<OrganisationRef> Service::networks_for(long long organisation_id) {
  return db_.read([&](soci::session& sql) { return networks_in(sql, organisation_id); });
}

std::vector<OrganisationRef> Service::managed_organisers(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    std::vector<OrganisationRef> out;
    std::set<long long> seen;
    if (me.is_admin())
      for (const auto& o : repo_.organisers(sql))
        if (seen.insert(o.id).second) out.push_back(o);
    for (const auto& ms : me.memberships)
      if (may_manage(me, ms.organisation_id) && seen.insert(ms.organisation_id).second) {
        auto o = repo_.organisation(sql, ms.organisation_id);
        if (o) out.push_back(*o);
      }
    return out;
  });
}

std::vector<OrganisationRef> Service::organisations() {
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql); });
}

// ---- Pages

std::optional<ListPage> Service::list(const Principal& me, const Filter& f, int page) {
  auto organisers = managed_organisers(me);
  if (organisers.empty() && !me.is_admin()) return std::nullopt;
  std::vector<long long> ids;
  ids.reserve(organisers.size());
  for (const auto& o : organisers) ids.push_back(o.id);
  return db_.read([&](soci::session& sql) {
    ListPage out;
    out.total = repo_.count(sql, me.is_admin(), ids, f);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.search(sql, me.is_admin(), ids, f, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

std::vector<Membership> Service::rows(const Principal& me, const Filter& f, long long offset, long long limit) {
  auto organisers = managed_organisers(me);
  if (organisers.empty() && !me.is_admin()) return {};
  std::vector<long long> ids;
  ids.reserve(organisers.size());
  for (const auto& o : organisers) ids.push_back(o.id);
  return db_.read([&](soci::session& sql) { return repo_.search(sql, me.is_admin(), ids, f, limit, offset); });
}

std::optional<MembershipView> Service::view(const Principal& me, long long id) {
  long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) -> std::optional<MembershipView> {
    auto m = repo_.find(sql, id);
    if (!m) return std::nullopt;
    MembershipView v;
    v.manages = may_manage(me, m->organiser_id);
    v.staff = repo_.is_staff(sql, me.id, m->organisation_id);
    if (!v.manages && !v.staff) return std::nullopt;
    v.membership = *m;
    v.charter_signed_on = repo_.charter_signed_on(sql, m->organisation_id);
    v.staff_choices = repo_.staff(sql, m->organisation_id);
    v.next = repo_.of(sql, m->organiser_id, m->organisation_id, m->year + 1);
    v.may_renew = !v.next && renewable(m->status, m->year, year_of(now), december_open(sql, now));
    return v;
  });
}

std::optional<OwnView> Service::own(const Principal& me, long long organisation_id) {
  long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) -> std::optional<OwnView> {
    if (!repo_.is_staff(sql, me.id, organisation_id)) return std::nullopt;
    auto o = repo_.organisation(sql, organisation_id);
    if (!o) return std::nullopt;
    OwnView v;
    v.organisation = *o;
    v.charter_signed_on = repo_.charter_signed_on(sql, organisation_id);
    v.memberships = repo_.of_organisation(sql, organisation_id);
    bool open = december_open(sql, now);
    for (const auto& m : v.memberships)
      if (renewable(m.status, m.year, year_of(now), open) &&
          !repo_.of(sql, m.organiser_id, m.organisation_id, m.year + 1))
        v.renewable.push_back(m.id);
    return v;
  });
}

long long Service::awaiting_count(const Principal& me) {
  Filter f;
  f.status = "applied";
  auto page = list(me, f, 1);
  return page ? page->total : 0;
}

long long Service::renewals_due_count(const Principal& me) {
  auto organisers = managed_organisers(me);
  long long now = store::now_seconds();
  long long n = 0;
  db_.read([&](soci::session& sql) {
    bool open = december_open(sql, now);
    long long year = year_of(now);
    for (long long y : {year - 1, year}) {
      for (const auto& status : {"member", "lapsed"})
        for (const auto& m : repo_.with_status(sql, y, status)) {
          if (!me.is_admin() && std::none_of(organisers.begin(), organisers.end(),
                                             [&](const OrganisationRef& o) { return o.id == m.organiser_id; }))
            continue;
          if (renewable(m.status, m.year, year, open) && !repo_.of(sql, m.organiser_id, m.organisation_id, m.year + 1))
            ++n;
        }
    }
  });
  return n;
}

long long Service::own_renewals_count(const Principal& me) {
  long long n = 0;
  for (const auto& o : own_organisations(me)) {
    auto v = own(me, o.id);
    if (v) n += static_cast<long long>(v->renewable.size());
  }
  return n;
}

// ---- Changes

Outcome Service::apply(const Actor& actor, const Principal& me, const ApplyInput& in, bool by_manager, bool as_member) {
  long long organiser_id = web::parse_id(trim(in.organiser));
  long long organisation_id = web::parse_id(trim(in.organisation));
  long long now = store::now_seconds();
  std::string note = trim(in.note);
  try {
    return db_.attempt([&](soci::session& sql) {
      if (by_manager) {
        if (organiser_id <= 0 || !repo_.organisation(sql, organiser_id))
          refuse("members.errors.organiser", "organiser");
        if (!may_manage(me, organiser_id)) roll_back(Outcome::forbidden());
        if (organisation_id <= 0 || !repo_.organisation(sql, organisation_id))
          refuse("members.errors.organisation", "organisation");
      } else {
        if (organisation_id <= 0 || !repo_.organisation(sql, organisation_id))
          refuse("members.errors.organisation", "organisation");
        if (!repo_.is_staff(sql, me.id, organisation_id)) refuse("members.errors.not_staff", "organisation");
        bool known = false;
        for (const auto& o : networks_in(sql, organisation_id))
          if (o.id == organiser_id) known = true;
        if (organiser_id <= 0 || !known) refuse("members.errors.organiser", "organiser");
      }
      if (organisation_id == organiser_id) refuse("members.errors.self", "organisation");
      long long year = parse_year(in.year);
      if (!year) refuse("members.errors.year", "year");
      if (!year_allowed(year, year_of(now))) refuse("members.errors.year_range", "year");
      long long contact = 0;
      if (!trim(in.contact).empty()) {
        contact = web::parse_id(trim(in.contact));
        if (contact <= 0 || !repo_.is_staff(sql, contact, organisation_id)) refuse("members.errors.contact", "contact");
      }
      if (note.size() > kMaxNote) refuse("members.errors.note", "note");
      if (repo_.of(sql, organiser_id, organisation_id, year))
        roll_back(Outcome::conflict("members.errors.already", "year"));
      Membership m;
      m.organiser_id = organiser_id;
      m.organisation_id = organisation_id;
      m.year = year;
      m.status = by_manager && as_member ? "member" : "applied";
      m.applied_on = local_day(now);
      if (m.status == "member") {
        m.decided_on = m.applied_on;
        m.decided_by = me.id;
      }
      m.contact_user_id = contact;
      m.note = note;
      m.created_by = me.id;
      long long id = repo_.insert(sql, m, now);
      audit_.record(sql, actor, by_manager ? "members.record" : "members.apply", subject_of(id),
                    std::to_string(organisation_id) + " " + std::to_string(year) + " " + m.status);
      return Outcome::success(id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("members.errors.already", "year");
    throw;
  }
}

Outcome Service::decide(const Actor& actor, const Principal& me, long long id, const std::string& decision,
                        const std::string& reason_raw) {
  long long now = store::now_seconds();
  std::string reason = trim(reason_raw);
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.find(sql, id);
    if (!m) roll_back(Outcome::not_found());
    if (!may_manage(me, m->organiser_id)) {
      if (repo_.is_staff(sql, me.id, m->organisation_id)) roll_back(Outcome::forbidden());
      roll_back(Outcome::not_found());
    }
    if (decision != "member" && decision != "refused") refuse("members.errors.decision", "decision");
    if (decision == "refused" && reason.empty()) refuse("members.errors.reason", "reason");
    if (reason.size() > kMaxReason) refuse("members.errors.reason_long", "reason");
    if (m->status != "applied") roll_back(Outcome::conflict("members.errors.decided", "decision"));
    if (!repo_.decide(sql, id, decision, decision == "refused" ? reason : "", local_day(now), me.id, now))
      roll_back(Outcome::conflict("members.errors.decided", "decision"));
    audit_.record(sql, actor, "members.decide", subject_of(id), decision);
    if (decision == "member" || decision == "refused") {
      m->status = decision;
      for (const auto& c : contacts_of(sql, *m))
        mail_.enqueue(
            sql, c.email, t("members.mail.decided_subject." + decision, {{"year", std::to_string(m->year)}}),
            t("members.mail.decided_body." + decision,
              {{"name", c.name},
               {"organisation", m->organisation_name},
               {"network", m->organiser_name},
               {"year", std::to_string(m->year)},
               {"reason", reason},
               {"url", public_url_ + "/adherents/notre-adhesion?organisation=" + std::to_string(m->organisation_id)}}));
    }
    return Outcome::success(id);
  });
}

Outcome Service::record_fee(const Actor& actor, const Principal& me, long long id, const FeeInput& in) {
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.find(sql, id);
    if (!m) roll_back(Outcome::not_found());
    if (!may_manage(me, m->organiser_id)) {
      if (repo_.is_staff(sql, me.id, m->organisation_id)) roll_back(Outcome::forbidden());
      roll_back(Outcome::not_found());
    }
    std::string means = trim(in.means);
    if (!is_one_of(means, fee_means())) refuse("members.errors.fee_means", "fee_means");
    long long cents = 0;
    std::string amount = trim(in.amount);
    if (means == "exonere") {
      if (!amount.empty() && parse_euros(amount) != 0) refuse("members.errors.fee_exempt", "fee_amount");
    } else {
      if (!amount.empty() && amount[0] == '-') refuse("members.errors.fee_negative", "fee_amount");
      cents = parse_euros(amount);
      if (cents < 0) refuse("members.errors.fee_amount", "fee_amount");
      if (cents > kMaxFeeCents) refuse("members.errors.fee_too_big", "fee_amount");
    }
    std::string day = trim(in.date);
    if (!partnerships::valid_iso_date(day)) refuse("members.errors.fee_date", "fee_date");
    if (day > local_day(now)) refuse("members.errors.fee_future", "fee_date");
    if (m->status == "refused") roll_back(Outcome::conflict("members.errors.fee_refused", "fee_amount"));
    repo_.set_fee(sql, id, cents, day, means, now);
    audit_.record(sql, actor, "members.fee", subject_of(id), std::to_string(cents) + " " + means + " " + day);
    return Outcome::success(id);
  });
}

Outcome Service::set_contact(const Actor& actor, const Principal& me, long long id, const std::string& contact_raw) {
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.find(sql, id);
    if (!m) roll_back(Outcome::not_found());
    if (!may_manage(me, m->organiser_id) && !repo_.is_staff(sql, me.id, m->organisation_id))
      roll_back(Outcome::not_found());
    std::string text = trim(contact_raw);
    long long contact = 0;
    if (!text.empty() && text != "0") {
      contact = web::parse_id(text);
      if (contact <= 0 || !repo_.is_staff(sql, contact, m->organisation_id))
        refuse("members.errors.contact", "contact");
    }
    repo_.set_contact(sql, id, contact, now);
    audit_.record(sql, actor, "members.contact", subject_of(id), std::to_string(contact));
    return Outcome::success(id);
  });
}

Outcome Service::renew(const Actor& actor, const Principal& me, long long id) {
  long long now = store::now_seconds();
  try {
    return db_.attempt([&](soci::session& sql) {
      auto m = repo_.find(sql, id);
      if (!m) roll_back(Outcome::not_found());
      if (!may_manage(me, m->organiser_id) && !repo_.is_staff(sql, me.id, m->organisation_id))
        roll_back(Outcome::not_found());
      if (repo_.of(sql, m->organiser_id, m->organisation_id, m->year + 1))
        roll_back(Outcome::conflict("members.errors.already_renewed"));
      if (!renewable(m->status, m->year, year_of(now), december_open(sql, now)))
        roll_back(Outcome::conflict("members.errors.not_renewable"));
      Membership n;
      n.organiser_id = m->organiser_id;
      n.organisation_id = m->organisation_id;
      n.year = m->year + 1;
      n.status = "member";
      n.applied_on = local_day(now);
      n.decided_on = n.applied_on;
      n.decided_by = me.id;
      n.contact_user_id =
          m->contact_user_id && repo_.is_staff(sql, m->contact_user_id, m->organisation_id) ? m->contact_user_id : 0;
      n.renewal_of = m->id;
      n.created_by = me.id;
      long long new_id = repo_.insert(sql, n, now);
      audit_.record(sql, actor, "members.renew", subject_of(new_id), "renews " + std::to_string(id));
      return Outcome::success(new_id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("members.errors.already_renewed");
    throw;
  }
}

// ---- Periodic work

long long Service::run_due(long long now) {
  long long done = 0;
  long long year = year_of(now);
  int month = std::stoi(format_local(now, "%m"));
  int day = std::stoi(format_local(now, "%d"));
  std::string today = local_day(now);
  // Past years' members not renewed lapse (each in its own write; the update is conditional).
  std::vector<Membership> candidates =
      db_.read([&](soci::session& sql) { return repo_.not_renewed_before(sql, year); });
  for (const auto& c : candidates) {
    bool lapsed = db_.write([&](soci::session& sql) {
      if (!repo_.lapse(sql, c.id, today, now)) return false;
      audit_.record(sql, Actor{0, "système", {}}, "members.lapse", subject_of(c.id), std::to_string(c.year));
      return true;
    });
    if (lapsed) ++done;
  }
  // Renewal reminders: this year's members not yet renewed, from the reminder day of December, once each.
  std::vector<long long> due = db_.read([&](soci::session& sql) {
    std::vector<long long> out;
    long long reminder = std::clamp<long long>(store::setting_int(sql, kReminderDayKey, kDefaultReminderDay), 1, 31);
    if (!reminder_due(year, year, month, day, reminder)) return out;
    return repo_.to_remind(sql, year);
  });
  for (long long id : due) {
    bool sent = db_.write([&](soci::session& sql) {
      if (!repo_.claim_reminder(sql, id, now)) return false;  // another run claimed it
      auto m = repo_.find(sql, id);
      if (!m) return false;
      for (const auto& c : contacts_of(sql, *m))
        mail_.enqueue(sql, c.email, t("members.mail.reminder_subject", {{"next", std::to_string(m->year + 1)}}),
                      t("members.mail.reminder_body", {{"name", c.name},
                                                       {"organisation", m->organisation_name},
                                                       {"network", m->organiser_name},
                                                       {"year", std::to_string(m->year)},
                                                       {"next", std::to_string(m->year + 1)},
                                                       {"url", public_url_ + "/adherents/" + std::to_string(m->id)}}));
      audit_.record(sql, Actor{0, "système", {}}, "members.reminder", subject_of(id), std::to_string(m->year));
      return true;
    });
    if (sent) ++done;
  }
  return done;
}

}  // namespace trame::members
