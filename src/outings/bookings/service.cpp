#include "outings/bookings/service.hpp"
#include "outings/bookings/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/store/settings.hpp"
#include "platform/store/submissions.hpp"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <tuple>

#include "platform/core/text.hpp"
#include "network/branches/repository.hpp"

namespace trame::bookings {

namespace {

Result refused(std::string key, std::string field = {}, web::Params params = {}) {
  return Result{Outcome::failure(std::move(key), std::move(field)), {}, std::move(params)};
}

// refuse() (core/outcome.hpp) with the values its message needs, left in `why` for the caller.
[[noreturn]] void refuse_with(web::Params& why, web::Params params, std::string key, std::string field = {}) {
  why = std::move(params);
  refuse(std::move(key), std::move(field));
}

// One write transaction that ends with a Result: a refuse()/roll_back() inside rolls everything back
// and gives its outcome, with the message's values left in `why` (refuse_with).
template <class F>
Result attempt_result(store::Database& db, const web::Params& why, F&& f) {
  Result done;
  Outcome outcome = db.attempt([&](soci::session& sql) {
    done = f(sql);
    return done.outcome;
  });
  if (!outcome.ok && done.outcome.ok) return Result{outcome, {}, why};
  return done;
}

// The one check of where a relais may book (docs/outings.md « Antennes »), shared by a person's and a
// group's booking: refused, naming both branches, when the offer is given to branches not the relais'.
// relais_branch, when given, receives the relais' branch (0: none), read on the way.
Outcome branch_refusal(soci::session& sql, Repository& repo, web::Params& why, long long offer_id,
                       long long organisation_id, long long allocation_id = 0, long long* relais_branch = nullptr) {
  auto check = branch_check(sql, repo, offer_id, organisation_id, allocation_id);
  if (relais_branch) *relais_branch = check.relais_branch_id;
  if (check.open) return Outcome::success();
  if (!check.allocation.empty()) {
    why = {{"allocation", check.allocation},
           {"allocation_branch", check.allocation_branch},
           {"relais_branch", check.relais_branch}};
    return Outcome::failure("bookings.errors.allocation_branch");
  }
  why = {{"relais_branch", check.relais_branch}, {"offer_branches", check.offer_branches}};
  return Outcome::failure("bookings.errors.other_branch");
}

void refuse_outside_branches(soci::session& sql, Repository& repo, web::Params& why, long long offer_id,
                             long long organisation_id, long long allocation_id) {
  if (Outcome o = branch_refusal(sql, repo, why, offer_id, organisation_id, allocation_id); !o.ok) roll_back(o);
}

std::string booking_subject(long long id) {
  return "booking:" + std::to_string(id);
}
std::string slot_subject(long long id) {
  return "slot:" + std::to_string(id);
}

std::string random_chars(std::size_t n) {
  std::string alphabet = kCodeAlphabet;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  return out;
}

// Start of the calendar month (Europe/Paris, the process time zone) holding t, and of the next one.
std::pair<long long, long long> month_bounds(long long t) {
  Date d = local_date(t);
  return {month_start(d.year, d.month), next_month_start(d.year, d.month)};
}

// t moved by a number of calendar months (negative: back), in Europe/Paris; core/calendar has no
// month arithmetic, so it stays here (the one place that needs it).
long long add_months(long long t, long long months) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  tm.tm_mon += static_cast<int>(months);
  tm.tm_isdst = -1;
  return static_cast<long long>(std::mktime(&tm));
}

std::string show_time(long long t) {
  return format_local(t, "%d/%m/%Y à %H:%M");
}
std::string show_date(long long t) {
  return format_local(t, "%d/%m/%Y");
}

}  // namespace

// ---------------------------------------------------------------------------------------------- rules

long long Service::rule(const std::string& key) {
  return db_.read([&](soci::session& sql) { return rule_in(sql, key); });
}

Result Service::set_rules(const Actor& actor, const std::vector<std::pair<std::string, std::string>>& values,
                          const organisations::Scope& scope) {
  if (!may_set_rules(scope)) return refused("errors.403.message");
  std::map<std::string, long long> parsed;
  for (const auto& r : rules()) {
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& p) { return p.first == r.key; });
    if (it == values.end()) continue;
    long long n = 0;
    if (!parse_count(it->second, r.max, n) || n < r.min)
      return refused("bookings.rules.invalid", r.key,
                     {{"rule", t(std::string("bookings.rules.") + r.key)},
                      {"min", std::to_string(r.min)},
                      {"max", std::to_string(r.max)}});
    parsed[r.key] = n;
  }
  return db_.write([&](soci::session& sql) {
    std::string changes;
    for (const auto& [key, n] : parsed) {
      std::string full = "outings." + key;
      std::string before = store::setting(sql, full);
      if (before == std::to_string(n)) continue;
      store::set_setting(sql, full, std::to_string(n));
      changes +=
          (changes.empty() ? "" : ", ") + full + " : " + (before.empty() ? "—" : before) + " → " + std::to_string(n);
    }
    if (!changes.empty()) audit_.record(sql, actor, "outings.rules_changed", "settings", changes);
    return Result{Outcome::success(), {}, {}};
  });
}

std::vector<std::pair<long long, std::string>> Service::rule_branches(const organisations::Scope& scope) {
  auto all = db_.read([&](soci::session& sql) { return branches::Repository().active(sql); });
  if (scope.everywhere) return all;
  std::vector<std::pair<long long, std::string>> out;
  for (const auto& b : all)
    if (sees_branch_rules(scope, b.first)) out.push_back(b);
  return out;
}

bool Service::sees_branch_rules(const organisations::Scope& scope, long long branch_id) {
  return scope.everywhere || std::find(scope.branches.begin(), scope.branches.end(), branch_id) != scope.branches.end();
}

bool Service::may_set_branch_rules(const organisations::Scope& scope, long long branch_id) {
  return scope.everywhere || (scope.delegations.empty() && sees_branch_rules(scope, branch_id));
}

std::map<std::string, long long> Service::branch_overrides(long long branch_id) {
  return db_.read([&](soci::session& sql) {
    std::map<std::string, long long> out;
    for (const auto& r : rules()) {
      auto value = repo_.branch_setting(sql, branch_id, std::string("outings.") + r.key);
      long long n = 0;
      if (value && parse_count(*value, r.max, n) && n >= r.min) out[r.key] = n;
    }
    return out;
  });
}

Result Service::set_branch_rules(const Actor& actor, long long branch_id,
                                 const std::vector<std::pair<std::string, std::string>>& values,
                                 const organisations::Scope& scope) {
  if (!sees_branch_rules(scope, branch_id)) return Result{Outcome::not_found(), {}, {}};
  auto known = db_.read([&](soci::session& sql) { return branches::Repository().active(sql); });
  if (std::none_of(known.begin(), known.end(), [branch_id](const auto& b) { return b.first == branch_id; }))
    return Result{Outcome::not_found(), {}, {}};
  if (!may_set_branch_rules(scope, branch_id)) return Result{Outcome::forbidden(), {}, {}};
  std::map<std::string, std::optional<long long>> parsed;
  for (const auto& r : rules()) {
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& p) { return p.first == r.key; });
    if (it == values.end()) continue;
    if (trim(it->second).empty()) {
      parsed[r.key] = std::nullopt;
      continue;
    }
    long long n = 0;
    if (!parse_count(it->second, r.max, n) || n < r.min)
      return refused("bookings.rules.invalid", r.key,
                     {{"rule", t(std::string("bookings.rules.") + r.key)},
                      {"min", std::to_string(r.min)},
                      {"max", std::to_string(r.max)}});
    parsed[r.key] = n;
  }
  return db_.write([&](soci::session& sql) {
    std::string changes;
    for (const auto& [key, n] : parsed) {
      const std::string full = "outings." + key;
      auto before = repo_.branch_setting(sql, branch_id, full);
      std::optional<std::string> after;
      if (n) after = std::to_string(*n);
      if (before == after) continue;
      repo_.set_branch_setting(sql, branch_id, full, after);
      changes += (changes.empty() ? "" : ", ") + full + " : " + before.value_or("—") + " → " + after.value_or("—");
    }
    if (!changes.empty())
      audit_.record(sql, actor, "outings.branch_rules_changed", "branch:" + std::to_string(branch_id), changes);
    return Result{Outcome::success(), {}, {}};
  });
}

// ------------------------------------------------------------------------------------- beneficiaries

std::string Service::new_beneficiary_code(soci::session& sql) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::string code = "B-" + random_chars(4) + "-" + random_chars(2);
    if (!repo_.beneficiary_code_exists(sql, code)) return code;
  }
  throw std::runtime_error("no free beneficiary code");
}

namespace {
// Draws booking codes until insert(k) writes the booking (the code's check and the insert are one
// statement: a code already taken writes nothing, and insert returns 0).
template <class Insert>
long long with_new_code(Booking& k, Insert&& insert) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    k.code = format_booking_code(random_chars(8));
    if (long long id = insert(k)) return id;
  }
  throw std::runtime_error("no free booking code");
}
}  // namespace

long long Service::insert_with_new_code(soci::session& sql, Booking& k) {
  return with_new_code(k, [&](const Booking& b) { return repo_.insert_booking_unless_code_taken(sql, b); });
}

ActingFor Service::own_relais(const Principal& me) {
  ActingFor relais = me.acting_for(perm::outings_book);
  if (!relais.all) return relais;
  ActingFor own;
  for (const auto& m : me.memberships)
    if (role_grants(m.role, perm::outings_book) && !own.covers(m.organisation_id))
      own.organisations.push_back(m.organisation_id);
  return own;
}

Outcome Service::create_beneficiary(const Actor& actor, const ActingFor& relais, Beneficiary b) {
  if (!relais.covers(b.organisation_id))
    return Outcome::failure("bookings.beneficiaries.errors.relais", "organisation");
  if (!is_one_of(b.age_band, age_bands()))
    return Outcome::failure("bookings.beneficiaries.errors.age_band", "age_band");
  if (b.household_size < 1 || b.household_size > 15)
    return Outcome::failure("bookings.beneficiaries.errors.household", "household_size");
  b.commune_code = trim(b.commune_code);
  if (b.commune_code.size() > 5) return Outcome::failure("bookings.beneficiaries.errors.commune", "commune");
  return db_.write([&](soci::session& sql) {
    if (!repo_.organisation_name(sql, b.organisation_id))
      return Outcome::failure("bookings.beneficiaries.errors.relais", "organisation");
    if (!b.commune_code.empty() && !repo_.commune_exists(sql, b.commune_code))
      return Outcome::failure("bookings.beneficiaries.errors.commune", "commune");
    b.code = new_beneficiary_code(sql);
    b.referent_id = actor.id;
    b.created_at = b.updated_at = store::now_seconds();
    long long id = repo_.insert_beneficiary(sql, b);
    audit_.record(sql, actor, "beneficiary.created", "beneficiary:" + std::to_string(id),
                  b.code + " (" + b.age_band + ", " + std::to_string(b.household_size) + ")");
    return Outcome::success(id);
  });
}

Outcome Service::archive_beneficiary(const Actor& actor, const ActingFor& relais, long long id) {
  return db_.write([&](soci::session& sql) {
    auto b = repo_.find_beneficiary(sql, id);
    if (!b || !relais.covers(b->organisation_id)) return Outcome::not_found();
    if (!repo_.archive_beneficiary(sql, id, store::now_seconds()))
      return Outcome::failure("bookings.beneficiaries.errors.already_archived");
    audit_.record(sql, actor, "beneficiary.archived", "beneficiary:" + std::to_string(id), b->code);
    return Outcome::success(id);
  });
}

std::optional<Beneficiary> Service::find_beneficiary(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_beneficiary(sql, id); });
}

std::vector<Beneficiary> Service::beneficiaries(const Actor& actor, const std::vector<long long>& orgs,
                                                bool active_only, long long page, long long per_page,
                                                long long& total) {
  auto list = db_.read([&](soci::session& sql) {
    total = repo_.count_beneficiaries(sql, orgs, active_only);
    return repo_.beneficiaries(sql, orgs, active_only, (page - 1) * per_page, per_page);
  });
  // Reading pseudonymous records of people supported is logged too.
  if (!list.empty()) {
    std::string ids;
    for (long long o : orgs) ids += (ids.empty() ? "" : ",") + std::to_string(o);
    audit_.record(actor, "beneficiaries.read", "organisations:" + ids,
                  std::to_string(list.size()) + " / " + std::to_string(total) + " (page " + std::to_string(page) + ")");
  }
  return list;
}

std::vector<CommuneChoice> Service::communes_for(long long organisation_id) {
  return db_.read([&](soci::session& sql) { return repo_.communes_of_organisation_departement(sql, organisation_id); });
}

std::string Service::organisation_name(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.organisation_name(sql, id).value_or(""); });
}

Outcome Service::branch_allows(long long offer_id, long long organisation_id, web::Params& why) {
  return db_.read([&](soci::session& sql) { return branch_refusal(sql, repo_, why, offer_id, organisation_id); });
}

Eligibility Service::eligibility(long long user_id, long long organisation_id) {
  if (!partnerships_.charter_signed(organisation_id)) return {false, "bookings.eligibility.no_charter"};
  std::string onboarded =
      db_.read([&](soci::session& sql) { return repo_.onboarded_on(sql, user_id, organisation_id); });
  if (onboarded.empty()) return {false, "bookings.eligibility.not_onboarded"};
  return {true, {}};
}

// ------------------------------------------------------------------------------------------- booking

Result Service::book(const Actor& actor, const BookingRequest& request) {
  long long companions = 0;
  if (!parse_count(request.companions, 20, companions))
    return refused("bookings.errors.companions_number", "companions");
  if (request.beneficiary_id == 0) return refused("bookings.errors.beneficiary_required", "beneficiary");
  // What does not move during a booking is read first, on one connection, outside the write.
  std::optional<Beneficiary> ben;
  Repository::Eligibility eligible;
  std::map<std::string, long long> rule;
  std::string today = partnerships::today_iso();
  // The slot as read here: its month's bounds guessed, and the branch check made for its offer and
  // allocation and the beneficiary's relais (configuration, like the rules); inside the write both are
  // made again only when what they depend on has changed since.
  std::optional<Repository::SlotOutline> outline;
  Outcome branches_before = Outcome::success();
  web::Params why_branches;
  db_.read([&](soci::session& sql) {
    ben = repo_.find_beneficiary(sql, request.beneficiary_id);
    if (!ben) return;
    outline = repo_.slot_outline(sql, request.slot_id);
    long long relais_branch = 0;
    if (outline)
      branches_before = branch_refusal(sql, repo_, why_branches, outline->offer_id, ben->organisation_id,
                                       outline->allocation_id, &relais_branch);
    else relais_branch = repo_.branch_of(sql, ben->organisation_id).first;
    eligible = repo_.eligibility(sql, actor.id, ben->organisation_id, today);
    rule = rules_in(sql, relais_branch);
  });
  if (!ben || ben->status != "active" || !request.relais.covers(ben->organisation_id))
    return refused("bookings.errors.beneficiary_required", "beneficiary");
  if (!eligible.charter) return refused("bookings.eligibility.no_charter", "", {{"relais", ben->organisation_name}});
  if (eligible.onboarded_on.empty())
    return refused("bookings.eligibility.not_onboarded", "", {{"relais", ben->organisation_name}});
  web::Params why;
  try {
    return attempt_result(db_, why, [&](soci::session& sql) -> Result {
      long long now = store::now_seconds();
      // A second submit of the same form: the id is recorded with the booking, in one commit. Then the
      // beneficiary's lock, which serializes their bookings and reads what is checked below (one round
      // trip for both on PostgreSQL).
      std::optional<Beneficiary> b;
      if (request.submission.size() >= 8 && request.submission.size() <= 64) {
        bool claimed = false;
        b = repo_.claim_and_touch_beneficiary(sql, request.submission, request.beneficiary_id, now, claimed);
        if (!claimed) roll_back(Outcome::conflict("flash.already_submitted"));
      } else {
        b = repo_.touch_beneficiary(sql, request.beneficiary_id, now);
      }
      if (!b || b->status != "active") refuse("bookings.errors.beneficiary_required", "beneficiary");
      if (b->suspended_until > now)
        refuse_with(why,
                    {{"until", show_date(b->suspended_until)},
                     {"limit", std::to_string(rule["no_show_limit"])},
                     {"months", std::to_string(rule["no_show_window_months"])}},
                    "bookings.errors.suspended", "beneficiary");
      // The slot, with the beneficiary's bookings on it and in the month guessed from its start read
      // before the write (counted again below when the slot has moved to another month since).
      auto [guess_from, guess_to] = month_bounds(outline ? outline->starts_at : 0);
      bool active = false;
      long long this_month = 0;
      auto s = repo_.find_slot_and_bookings(sql, request.slot_id, b->id, guess_from, guess_to, active, this_month);
      if (!s || s->offer_status != "published") roll_back(Outcome::not_found("bookings.errors.unknown_slot"));
      if (s->status == "cancelled") refuse("bookings.errors.slot_cancelled");
      if (s->starts_at <= now) refuse("bookings.errors.slot_past");
      if (now < s->opens_at) refuse_with(why, {{"opens", show_time(s->opens_at)}}, "bookings.errors.slot_not_open");
      if (now >= s->closes_at) refuse("bookings.errors.slot_closed");
      if (outline && outline->offer_id == s->offer_id && outline->allocation_id == s->allocation_id &&
          ben->organisation_id == b->organisation_id) {
        if (!branches_before.ok) {
          why = why_branches;
          roll_back(branches_before);
        }
      } else {
        refuse_outside_branches(sql, repo_, why, s->offer_id, b->organisation_id, s->allocation_id);
      }
      long long max_companions = rule["max_companions"];
      if (s->family) max_companions = std::max(max_companions, b->household_size - 1);
      if (companions > max_companions)
        refuse_with(why, {{"max", std::to_string(max_companions)}}, "bookings.errors.too_many_companions",
                    "companions");
      auto [from, to] = month_bounds(s->starts_at);
      if (from != guess_from || to != guess_to)
        std::tie(active, this_month) = repo_.active_and_between(sql, s->id, b->id, from, to);
      if (active) refuse("bookings.errors.already_booked", "beneficiary");
      long long per_month = rule["bookings_per_month"];
      if (this_month >= per_month)
        refuse_with(why, {{"max", std::to_string(per_month)}}, "bookings.errors.per_month", "beneficiary");

      Booking k;
      k.slot_id = s->id;
      k.beneficiary_id = b->id;
      k.organisation_id = b->organisation_id;
      k.referent_id = actor.id;
      k.companions = companions;
      k.places = 1 + companions;
      k.needs_motor = request.needs_motor;
      k.needs_visual = request.needs_visual;
      k.needs_hearing = request.needs_hearing;
      k.needs_mental = request.needs_mental;
      k.created_at = k.updated_at = now;
      bool collecting = s->mode == "draw" && s->drawn_at == 0 && now < s->draw_at;
      if (collecting) {
        // No place is taken, but the slot must still be open when the request is recorded.
        if (!repo_.touch_open_slot(sql, s->id, now)) refuse("bookings.errors.slot_closed");
        k.status = "requested";
        k.queue_position = queue_.next_position(sql, s->id);
      } else if (const auto took = repo_.take_places_or_queue(sql, s->id, k.places, now); took.taken) {
        // The place is ours; the structure's share and the allocation's quota are the waiting list's too.
        PlaceClaim claim{
            s->id, s->capacity, s->allocation_id, b->organisation_id, k.places, rule["structure_share_percent"]};
        std::string refusal = take_share_and_quota(sql, repo_, claim, k.allocation_target_id);
        if (refusal == "bookings.errors.share")
          refuse_with(why, {{"percent", std::to_string(claim.share_percent)}}, refusal);
        if (!refusal.empty()) refuse(refusal);
        k.status = "confirmed";
      } else {
        // Not taken: the slot is full. It was read above in this write, which holds the lock every write
        // takes (SQLite's one writer, PostgreSQL's advisory lock), and found open and inside its window:
        // nothing has changed it since, so it is not read again.
        k.status = "waiting";
        k.queue_position = took.next_position;
      }
      // The booking and its first event (from '' to its status, at `now`), one statement on PostgreSQL.
      k.id = with_new_code(k, [&](const Booking& b) {
        return repo_.insert_booking_with_event_unless_code_taken(sql, b, actor.id, actor.label);
      });
      if (k.status == "confirmed" && request.notify) {
        if (plausible_email(actor.label)) k.referent_email = actor.label;  // the signed-in referent's address
        mail_referent(sql, k, *s, "confirmed", "");
      }
      // Last: the audit chain's head is locked until the commit.
      audit_.record(sql, actor, "booking.created", booking_subject(k.id),
                    k.code + " " + k.status + " slot:" + std::to_string(s->id) + " " + b->code +
                        " places:" + std::to_string(k.places));
      Result r{Outcome::success(k.id), k.status, {}};
      return r;
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return refused("bookings.errors.already_booked", "beneficiary");
    throw;
  }
}

namespace {

// The counts of a group as typed: whole numbers 0–kGroupMax, at least one person, needs within the headcount.
Result parse_group(const GroupRequest& request, GroupCounts& g) {
  for (std::size_t i = 0; i < 6; ++i) {
    const std::string& typed = request.ages[i].empty() ? std::string("0") : request.ages[i];
    if (!parse_count(typed, kGroupMax, g.ages[i]))
      return refused("outing_groups.errors.count", "age_" + std::to_string(i), {{"max", std::to_string(kGroupMax)}});
  }
  if (!parse_count(request.staff.empty() ? "0" : request.staff, kGroupMax, g.staff))
    return refused("outing_groups.errors.count", "staff", {{"max", std::to_string(kGroupMax)}});
  if (!parse_count(request.needs.empty() ? "0" : request.needs, kGroupMax, g.needs))
    return refused("outing_groups.errors.count", "needs", {{"max", std::to_string(kGroupMax)}});
  if (g.people() == 0) return refused("outing_groups.errors.no_people", "age_0");
  if (g.needs > g.headcount())
    return refused("outing_groups.errors.needs", "needs", {{"headcount", std::to_string(g.headcount())}});
  return Result{Outcome::success(), {}, {}};
}

// The relais a group is booked for: the one named, or the only one the person acts for (0: none).
long long group_relais(const GroupRequest& request) {
  long long organisation_id = request.organisation_id;
  if (organisation_id == 0 && !request.relais.all && request.relais.organisations.size() == 1)
    organisation_id = request.relais.organisations.front();
  if (organisation_id == 0 || !request.relais.covers(organisation_id)) return 0;
  return organisation_id;
}

}  // namespace

Result Service::book_group(const Actor& actor, const GroupRequest& request) {
  GroupCounts g;
  if (Result parsed = parse_group(request, g); !parsed.outcome.ok) return parsed;
  long long organisation_id = group_relais(request);
  if (organisation_id == 0) return refused("outing_groups.errors.relais", "organisation");
  Repository::Eligibility eligible;
  std::string relais_name;
  std::string today = partnerships::today_iso();
  db_.read([&](soci::session& sql) {
    relais_name = repo_.organisation_name(sql, organisation_id).value_or("");
    eligible = repo_.eligibility(sql, actor.id, organisation_id, today);
  });
  if (relais_name.empty()) return refused("outing_groups.errors.relais", "organisation");
  if (!eligible.charter) return refused("bookings.eligibility.no_charter", "", {{"relais", relais_name}});
  if (eligible.onboarded_on.empty())
    return refused("bookings.eligibility.not_onboarded", "", {{"relais", relais_name}});
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    long long now = store::now_seconds();
    if (request.submission.size() >= 8 && request.submission.size() <= 64 &&
        !store::claim_submission(sql, request.submission, now))
      roll_back(Outcome::conflict("flash.already_submitted"));
    return group_in(sql, actor, request, organisation_id, g, why);
  });
}

Result Service::book_group_in(soci::session& sql, const Actor& actor, const GroupRequest& request, web::Params& why) {
  GroupCounts g;
  if (Result parsed = parse_group(request, g); !parsed.outcome.ok)
    refuse_with(why, parsed.params, parsed.outcome.error, parsed.outcome.field);
  long long organisation_id = group_relais(request);
  if (organisation_id == 0) refuse("outing_groups.errors.relais", "organisation");
  std::string relais_name = repo_.organisation_name(sql, organisation_id).value_or("");
  if (relais_name.empty()) refuse("outing_groups.errors.relais", "organisation");
  const auto eligible = repo_.eligibility(sql, actor.id, organisation_id, partnerships::today_iso());
  if (!eligible.charter) refuse_with(why, {{"relais", relais_name}}, "bookings.eligibility.no_charter");
  if (eligible.onboarded_on.empty()) refuse_with(why, {{"relais", relais_name}}, "bookings.eligibility.not_onboarded");
  return group_in(sql, actor, request, organisation_id, g, why);
}

Result Service::group_in(soci::session& sql, const Actor& actor, const GroupRequest& request, long long organisation_id,
                         const GroupCounts& g, web::Params& why) {
  long long now = store::now_seconds();
  auto s = repo_.find_slot(sql, request.slot_id);
  if (!s || s->offer_status != "published") roll_back(Outcome::not_found("bookings.errors.unknown_slot"));
  if (s->status == "cancelled") refuse("bookings.errors.slot_cancelled");
  if (s->starts_at <= now) refuse("bookings.errors.slot_past");
  if (s->group_places <= 0) refuse("outing_groups.errors.no_groups");
  if (s->mode == "draw") refuse("outing_groups.errors.draw");
  if (now < s->opens_at) refuse_with(why, {{"opens", show_time(s->opens_at)}}, "bookings.errors.slot_not_open");
  if (now >= s->closes_at) refuse("bookings.errors.slot_closed");
  refuse_outside_branches(sql, repo_, why, s->offer_id, organisation_id, s->allocation_id);
  Booking k;
  k.kind = "group";
  k.slot_id = s->id;
  k.organisation_id = organisation_id;
  k.referent_id = actor.id;
  k.places = g.headcount();
  k.needs_motor = request.needs_motor;
  k.needs_visual = request.needs_visual;
  k.needs_hearing = request.needs_hearing;
  k.needs_mental = request.needs_mental;
  k.created_at = k.updated_at = now;
  if (!repo_.take_group_places(sql, s->id, k.places, now)) {
    // Not taken: say what is short, from the committed state.
    auto again = repo_.find_slot(sql, s->id);
    if (!again || again->status != "open") refuse("bookings.errors.slot_cancelled");
    if (now >= again->closes_at) refuse("bookings.errors.slot_closed");
    long long group_left = std::max(0LL, again->group_places - again->group_booked);
    long long seats_left = std::max(0LL, again->capacity - again->booked);
    refuse_with(why,
                {{"headcount", std::to_string(k.places)}, {"left", std::to_string(std::min(group_left, seats_left))}},
                "outing_groups.errors.share_left", "age_0");
  }
  // A slot made for this one group (an accepted request) has no structure's share to keep.
  long long share_percent =
      request.dedicated_slot ? 0 : rule_in(sql, "structure_share_percent", repo_.branch_of(sql, organisation_id).first);
  PlaceClaim claim{s->id, s->capacity, s->allocation_id, organisation_id, k.places, share_percent};
  std::string refusal = take_share_and_quota(sql, repo_, claim, k.allocation_target_id);
  if (refusal == "bookings.errors.share") refuse_with(why, {{"percent", std::to_string(claim.share_percent)}}, refusal);
  if (!refusal.empty()) refuse(refusal);
  k.status = "confirmed";
  k.id = insert_with_new_code(sql, k);
  repo_.insert_group(sql, k.id, g);
  repo_.insert_event(sql, k.id, now, actor.id, actor.label, "", k.status, "", "");
  audit_.record(sql, actor, "booking.group_created", booking_subject(k.id),
                k.code + " slot:" + std::to_string(s->id) + " organisation:" + std::to_string(organisation_id) +
                    " places:" + std::to_string(k.places) + " staff:" + std::to_string(g.staff));
  return Result{Outcome::success(k.id), k.status, {}};
}

std::optional<GroupCounts> Service::find_group(long long booking_id) {
  return db_.read([&](soci::session& sql) { return repo_.find_group(sql, booking_id); });
}

void Service::mail_referent(soci::session& sql, const Booking& b, const Slot& s, const std::string& kind,
                            const std::string& reason_text) {
  std::string email = b.referent_email;
  if (email.empty()) {
    email = repo_.user_email(sql, b.referent_id);
    if (email.empty()) return;
  }
  web::Params p = {{"code", b.code},
                   {"title", s.offer_title},
                   {"date", show_time(s.starts_at)},
                   {"venue", s.venue_name},
                   {"places", std::to_string(b.places)},
                   {"reason", reason_text},
                   {"url", public_url_ + "/sorties/reservations/" + std::to_string(b.id)},
                   {"ticket", ticket_link(b, s)}};
  // Deferred: sent with this writer's RELEASE or its group's COMMIT (platform/mail/outbox.hpp).
  mail::enqueue_deferred(sql, email, t("bookings.mail." + kind + ".subject", p),
                         t("bookings.mail." + kind + ".body", p));
}

void Service::move(soci::session& sql, const Actor& actor, const Booking& b, const std::string& to,
                   const std::string& reason, long long now) {
  StatusChange change;
  change.from = b.status;
  change.to = to;
  change.cancel_reason = reason;
  change.now = now;
  // The transition table refuses an illegal move; a row that changed meanwhile is refused here.
  if (!repo_.change_status(sql, b.id, change)) refuse("bookings.errors.changed");
  bool held = holds_place(b.status), holds = holds_place(to);
  if (held && !holds) {
    repo_.release_places(sql, b.slot_id, b.places, now);
    if (b.kind == "group") repo_.release_group_places(sql, b.slot_id, b.places);
    repo_.release_share(sql, b.slot_id, b.organisation_id, b.places);
    if (b.allocation_target_id) repo_.release_target(sql, b.allocation_target_id, b.places);
  } else if (!held && holds) {
    // Only undo moves between holding statuses exist here; taking a place is book()'s or the queue's.
    refuse("bookings.errors.transition");
  }
  repo_.insert_event(sql, b.id, now, actor.id, actor.label, b.status, to, reason, "");
  audit_.record(sql, actor, "booking." + to, booking_subject(b.id),
                b.code + " " + b.status + " → " + to + (reason.empty() ? "" : " (" + reason + ")"));
}

std::optional<Booking> Service::relais_booking(soci::session& sql, const ActingFor& relais, long long booking_id) {
  auto b = repo_.find_booking(sql, booking_id);
  if (!b || !relais.covers(b->organisation_id)) roll_back(Outcome::not_found());
  return b;
}

Result Service::cancel(const Actor& actor, const ActingFor& relais, long long booking_id, const std::string& motive,
                       const std::string& note_in) {
  if (!is_one_of(motive, cancel_motives())) return refused("bookings.cancel_form.errors.motive", "motive");
  const std::string note = trim(note_in);
  if (code_points(note) > kCancelNoteMax) return refused("bookings.cancel_form.errors.note", "note");
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    long long now = store::now_seconds();
    auto b = relais_booking(sql, relais, booking_id);
    auto s = repo_.find_slot(sql, b->slot_id);
    if (b->status == "cancelled") refuse("bookings.errors.already_cancelled");
    if (!is_one_of(b->status, {"requested", "waiting", "offered", "confirmed"})) refuse("bookings.errors.transition");
    if (s->starts_at <= now) refuse("bookings.errors.cancel_past");
    std::string reason = (b->status == "confirmed" && now > s->cancel_until) ? "late" : "referent";
    move(sql, actor, *b, "cancelled", reason, now);
    repo_.set_cancel_motive(sql, b->id, motive, note);
    mail_referent(sql, *b, *s, "cancelled", t("bookings.cancel_reasons." + reason));
    if (holds_place(b->status)) queue_.offer_free_places(sql, actor, s->id, now);
    return Result{Outcome::success(b->id), reason, {}};
  });
}

Result Service::attendance(const Actor& actor, const ActingFor& relais, long long booking_id, const std::string& mark) {
  if (!is_one_of(mark, {"present", "absent", "late"})) return refused("bookings.errors.attendance_mark", "mark");
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    long long now = store::now_seconds();
    auto b = relais_booking(sql, relais, booking_id);
    auto s = repo_.find_slot(sql, b->slot_id);
    if (s->starts_at > now) refuse("bookings.errors.attendance_early");
    if (b->status != "confirmed") refuse("bookings.errors.transition");
    std::string to = mark == "present" ? "used" : mark == "absent" ? "no_show" : "cancelled";
    move(sql, actor, *b, to, to == "cancelled" ? "late" : "", now);
    if (to == "no_show") {
      // The no-show policy: after `limit` no-shows within the window, a suspension.
      long long limit = rule_in(sql, "no_show_limit");
      long long since = add_months(now, -rule_in(sql, "no_show_window_months"));
      long long months = rule_in(sql, "suspension_months");
      if (b->kind == "person" && months > 0 && repo_.count_no_shows_since(sql, b->beneficiary_id, since) >= limit) {
        long long until = add_months(now, months);
        repo_.set_suspension(sql, b->beneficiary_id, until, now);
        audit_.record(sql, actor, "beneficiary.suspended", "beneficiary:" + std::to_string(b->beneficiary_id),
                      b->beneficiary_code + " → " + show_date(until));
        return Result{Outcome::success(b->id), "suspended", {{"until", show_date(until)}}};
      }
    }
    return Result{Outcome::success(b->id), to, {}};
  });
}

Result Service::undo_attendance(const Actor& actor, const ActingFor& relais, long long booking_id) {
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    long long now = store::now_seconds();
    auto b = relais_booking(sql, relais, booking_id);
    if (b->status != "used" && b->status != "no_show") refuse("bookings.errors.transition");
    move(sql, actor, *b, "confirmed", "", now);
    if (b->status == "no_show" && b->kind == "person") {
      // The suspension is lifted when the undone no-show was what caused it.
      auto ben = repo_.find_beneficiary(sql, b->beneficiary_id);
      long long limit = rule_in(sql, "no_show_limit");
      long long since = add_months(now, -rule_in(sql, "no_show_window_months"));
      if (ben && ben->suspended_until > now && repo_.count_no_shows_since(sql, b->beneficiary_id, since) < limit)
        repo_.set_suspension(sql, b->beneficiary_id, 0, now);
    }
    return Result{Outcome::success(b->id), "confirmed", {}};
  });
}

// ------------------------------------------------------------------------------- venue's slot actions

organisations::Scope Service::slot_scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, me, perm::outings_publish); });
}

organisations::Scope Service::network_scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, me, perm::outings_manage); });
}

bool Service::may_manage_slot(const Principal& me, const Slot& s) {
  return db_.read([&](soci::session& sql) {
    return organisations::any_in_scope(sql, organisations::network_scope(sql, me, perm::outings_publish),
                                       {s.venue_id, s.partner_id});
  });
}

TicketAccess Service::ticket(const Principal& me, long long booking_id) {
  TicketAccess access;
  auto b = find_booking(booking_id);
  auto s = b ? find_slot(b->slot_id) : std::nullopt;
  if (!b || !s || !may_see_booking(me, *b, *s)) {
    access.outcome = Outcome::not_found("errors.404.message");
    return access;
  }
  access.booking = *b;
  access.slot = *s;
  access.outcome = (b->status == "confirmed" || b->status == "used") ? Outcome::success(b->id)
                                                                     : Outcome::gone("bookings.ticket.not_active");
  return access;
}

TicketAccess Service::ticket_by_link(const std::string& token) {
  TicketAccess access;
  auto parsed = parse_ticket_token(token);
  auto b = parsed ? find_booking(parsed->booking_id) : std::nullopt;
  auto s = b ? find_slot(b->slot_id) : std::nullopt;
  if (!b || !s) {
    access.outcome = Outcome::not_found("errors.404.message");
    return access;
  }
  if (!ticket_token_valid(keys_, *parsed, b->code)) {
    access.outcome = Outcome::forbidden("bookings.ticket.invalid_link");
    return access;
  }
  access.booking = *b;
  access.slot = *s;
  if (parsed->expires <= store::now_seconds()) access.outcome = Outcome::gone("bookings.ticket.expired_link");
  else if (b->status != "confirmed" && b->status != "used")
    access.outcome = Outcome::gone("bookings.ticket.not_active");
  else access.outcome = Outcome::success(b->id);
  return access;
}

std::string Service::ticket_link(const Booking& b, const Slot& s) const {
  return public_url_ + "/sorties/billets/" + ticket_token(keys_, b.id, b.code, ticket_link_expiry(s.starts_at));
}

Result Service::send_ticket(const Actor& actor, const ActingFor& relais, long long booking_id,
                            const std::string& email_in) {
  const std::string email = trim(email_in);
  if (!plausible_email(email)) return refused("bookings.ticket.send.invalid_email", "email");
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    const long long now = store::now_seconds();
    auto b = relais_booking(sql, relais, booking_id);
    auto s = repo_.find_slot(sql, b->slot_id);
    if (!s || b->status != "confirmed" || s->starts_at <= now)
      roll_back(Outcome::conflict("bookings.ticket.send.closed"));
    // Before the work: a unit of the booking's and of the sender's budgets (both given back if either is spent).
    if (!store::take_rates(sql,
                           {{"ticket_mail:booking:" + std::to_string(b->id), kTicketMailsPerBooking, kTicketMailWindow},
                            {"ticket_mail:user:" + std::to_string(actor.id), kTicketMailsPerSender, kTicketMailWindow}},
                           now))
      roll_back(Outcome::limited("bookings.ticket.send.limited", "email"));
    std::string address = s->venue_address;
    if (!s->venue_commune.empty()) address += (address.empty() ? "" : "\n") + s->venue_commune;
    const std::string door = s->at_the_door.empty()
                                 ? t("bookings.ticket.door_default", {{"code", b->code}})
                                 : s->at_the_door + " " + t("bookings.ticket.door_code", {{"code", b->code}});
    web::Params p = {
        {"title", s->offer_title},
        {"date", show_time(s->starts_at)},
        {"venue", s->venue_name},
        {"address", address},
        {"places", t("bookings.ticket.places", {{"n", std::to_string(b->places)}})},
        {"door", door},
        {"access",
         s->getting_there.empty() ? std::string() : t("bookings.mail.ticket.access", {{"text", s->getting_there}})},
        {"ticket", ticket_link(*b, *s)}};
    mail_.enqueue_forgotten(sql, email, t("bookings.mail.ticket.subject", p), t("bookings.mail.ticket.body", p));
    // Last: the audit chain's head is locked until the commit. The address is not in it.
    audit_.record(sql, actor, "booking.ticket_mailed", booking_subject(b->id),
                  b->code + " : billet envoyé par courriel à l'adresse de la personne (non conservée)");
    return Result{Outcome::success(b->id), {}, {}};
  });
}

bool Service::may_see_booking(const Principal& me, const Booking& b, const Slot& s) {
  if (me.can_in(perm::outings_book, b.organisation_id)) return true;
  bool relais_in_scope = db_.read([&](soci::session& sql) {
    return organisations::any_in_scope(sql, organisations::network_scope(sql, me, perm::outings_manage),
                                       {b.organisation_id});
  });
  return relais_in_scope || may_manage_slot(me, s);
}

Result Service::cancel_slot(const Actor& actor, long long slot_id, const std::string& reason_in,
                            const organisations::Scope& scope) {
  std::string reason = trim(reason_in);
  if (reason.empty()) return refused("bookings.slot.errors.reason_required", "reason");
  if (reason.size() > 500) return refused("bookings.slot.errors.reason_long", "reason");
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    long long now = store::now_seconds();
    auto s = repo_.find_slot(sql, slot_id);
    if (!s || !organisations::any_in_scope(sql, scope, {s->venue_id, s->partner_id})) refuse("errors.404.message");
    if (s->status == "cancelled") refuse("bookings.slot.errors.already_cancelled");
    if (s->starts_at <= now) refuse("bookings.slot.errors.past");
    if (!repo_.cancel_slot(sql, slot_id, reason, now)) refuse("bookings.slot.errors.already_cancelled");
    long long n = 0;
    for (const auto& b : repo_.slot_bookings(sql, slot_id, true)) {
      move(sql, actor, b, "cancelled", "event_cancelled", now);
      mail_referent(sql, b, *s, "slot_cancelled", reason);
      ++n;
    }
    if (s->allocation_id) repo_.release_allocation(sql, s->allocation_id, s->capacity, now);
    audit_.record(sql, actor, "slot.cancelled", slot_subject(slot_id),
                  s->offer_title + " : " + reason + " (" + std::to_string(n) + " réservation(s))");
    return Result{Outcome::success(slot_id), {}, {{"n", std::to_string(n)}}};
  });
}

Result Service::add_places(const Actor& actor, long long slot_id, const std::string& count,
                           const organisations::Scope& scope) {
  long long n = 0;
  if (!parse_count(count, 10000, n) || n < 1) return refused("bookings.slot.errors.places", "places");
  web::Params why;
  return attempt_result(db_, why, [&](soci::session& sql) -> Result {
    long long now = store::now_seconds();
    auto s = repo_.find_slot(sql, slot_id);
    if (!s || !organisations::any_in_scope(sql, scope, {s->venue_id, s->partner_id})) refuse("errors.404.message");
    if (s->status != "open") refuse("bookings.slot.errors.already_cancelled");
    if (s->starts_at <= now) refuse("bookings.slot.errors.past");
    if (s->allocation_id && !repo_.assign_allocation(sql, s->allocation_id, n, now))
      refuse("bookings.slot.errors.allocation_full", "places");
    if (!repo_.add_capacity(sql, slot_id, n, now)) refuse("bookings.slot.errors.already_cancelled");
    audit_.record(sql, actor, "slot.places_added", slot_subject(slot_id),
                  s->offer_title + " : " + std::to_string(s->capacity) + " → " + std::to_string(s->capacity + n));
    long long offered = queue_.offer_free_places(sql, actor, slot_id, now);
    return Result{Outcome::success(slot_id), {}, {{"n", std::to_string(n)}, {"offered", std::to_string(offered)}}};
  });
}

std::optional<Slot> Service::find_slot(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_slot(sql, id); });
}

std::optional<Booking> Service::find_booking(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_booking(sql, id); });
}

std::vector<BookingEvent> Service::booking_events(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.events(sql, id); });
}

std::vector<Booking> Service::bookings_of(const std::vector<long long>& orgs, long long page, long long per_page,
                                          long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_bookings_of(sql, orgs);
    return repo_.bookings_of(sql, orgs, (page - 1) * per_page, per_page);
  });
}

// --------------------------------------------------------------------------------------- onboarding

std::vector<ReferentRow> Service::referents(long long page, long long per_page, long long& total,
                                            const organisations::Scope& scope) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_referents(sql);
    if (scope.everywhere) return repo_.referents(sql, (page - 1) * per_page, per_page);
    // A délégation-limited coordinator: the referents of the relais in its délégations (a short list).
    std::vector<ReferentRow> mine;
    for (auto& r : repo_.referents(sql, 0, total))
      if (organisations::organisation_in_scope(sql, scope, r.organisation_id)) mine.push_back(std::move(r));
    total = static_cast<long long>(mine.size());
    std::vector<ReferentRow> out;
    for (long long i = (page - 1) * per_page; i >= 0 && i < total && i < page * per_page; ++i)
      out.push_back(std::move(mine[static_cast<std::size_t>(i)]));
    return out;
  });
}

Result Service::record_onboarding(const Actor& actor, long long membership_id, const std::string& date_in,
                                  const organisations::Scope& scope) {
  std::string date = trim(date_in);
  if (!date.empty() && !partnerships::valid_iso_date(date)) return refused("bookings.referents.errors.date", "date");
  if (date > partnerships::today_iso()) return refused("bookings.referents.errors.future", "date");
  return db_.write([&](soci::session& sql) -> Result {
    auto r = repo_.find_referent(sql, membership_id);
    if (!r || !organisations::organisation_in_scope(sql, scope, r->organisation_id))
      return refused("errors.404.message");
    repo_.set_onboarded(sql, membership_id, date);
    audit_.record(sql, actor, "referent.onboarded", "membership:" + std::to_string(membership_id),
                  r->email + " (" + r->organisation_name + ") : " + (r->onboarded_on.empty() ? "—" : r->onboarded_on) +
                      " → " + (date.empty() ? "—" : date));
    return Result{Outcome::success(membership_id), {}, {}};
  });
}

bool Service::record_onboarding_in(soci::session& sql, const Actor& actor, long long user_id, long long organisation_id,
                                   const std::string& day) {
  long long membership = repo_.referent_membership(sql, user_id, organisation_id);
  if (!membership) return false;
  auto r = repo_.find_referent(sql, membership);
  if (!r) return false;
  if (!r->onboarded_on.empty() && r->onboarded_on >= day) return true;
  repo_.set_onboarded(sql, membership, day);
  audit_.record(sql, actor, "referent.onboarded", "membership:" + std::to_string(membership),
                r->email + " (" + r->organisation_name + ") : " + (r->onboarded_on.empty() ? "—" : r->onboarded_on) +
                    " → " + day + " (atelier d'appropriation)");
  return true;
}

// --------------------------------------------------------------------------------------------- demo

void Service::load_demo(const Actor& actor) {
  const std::string relais = "Cultures du Cœur 94";
  const std::string email = "referente@culturesducoeur94.local";
  long long org = 0, user = 0, membership = 0, network = 0;
  db_.read([&](soci::session& sql) {
    org = repo_.organisation_id_by_name(sql, relais);
    user = repo_.user_id_by_email(sql, email);
    membership = repo_.referent_membership(sql, user, org);
    network = repo_.organisation_id_by_name(sql, "Département de Loire-Atlantique");
  });
  if (!org || !user || !membership) return;
  // The relais must be a social relay of the network with its charter signed.
  if (!partnerships_.charter_signed(org) && network) {
    partnerships::Partnership p;
    p.organisation_id = network;
    p.partner_id = org;
    p.kind = "social_relay";
    p.status = "active";
    p.start_date = "2024-09-01";
    p.charter_signed_on = "2024-09-15";
    p.notes =
        "Relais de billetterie solidaire : ses référents réservent des invitations pour les personnes accompagnées.";
    partnerships_.create(actor, p);
  }
  bool onboarded = !db_.read([&](soci::session& sql) { return repo_.onboarded_on(sql, user, org); }).empty();
  if (!onboarded) record_onboarding(actor, membership, "2024-10-03");
  Actor referent{user, email, "127.0.0.1"};
  long long existing = db_.read([&](soci::session& sql) { return repo_.count_beneficiaries(sql, {org}, false); });
  struct DemoBeneficiary {
    const char* age;
    long long household;
    const char* commune;
    bool qpv;
  };
  const DemoBeneficiary demos[] = {{"26-59", 3, "94081", true},
                                   {"60+", 1, "94028", false},
                                   {"18-25", 1, "94041", true},
                                   {"26-59", 4, "94017", false}};
  std::vector<long long> ids;
  for (const auto& d : demos) {
    if (existing > 0) break;
    Beneficiary b;
    b.organisation_id = org;
    b.age_band = d.age;
    b.household_size = d.household;
    b.commune_code =
        db_.read([&](soci::session& sql) { return repo_.commune_exists(sql, d.commune); }) ? d.commune : "";
    b.in_qpv = d.qpv;
    auto o = create_beneficiary(referent, ActingFor::only({org}), b);
    if (o.ok) ids.push_back(o.id);
  }
  if (existing > 0) {
    long long total = 0;
    for (const auto& b : db_.read([&](soci::session& sql) { return repo_.beneficiaries(sql, {org}, true, 0, 10); }))
      ids.push_back(b.id);
    (void)total;
  }
  // A booking on the first open published slots, when the outings demo made some (once).
  if (db_.read([&](soci::session& sql) { return repo_.count_bookings_of(sql, {org}); }) > 0) return;
  std::vector<long long> slots;
  long long now = store::now_seconds();
  slots = db_.read([&](soci::session& sql) { return repo_.open_first_come_slots(sql, now, 3); });
  for (std::size_t i = 0; i < slots.size() && i < ids.size(); ++i) {
    BookingRequest r;
    r.slot_id = slots[i];
    r.beneficiary_id = ids[i];
    r.companions = i == 0 ? "1" : "0";
    r.needs_motor = i == 1;
    r.notify = false;
    book(referent, r);
  }
}

}  // namespace trame::bookings
