#include "outings/offers/service.hpp"
#include "platform/core/calendar.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "platform/core/text.hpp"
#include "platform/docs/image.hpp"
#include "network/branches/repository.hpp"
#include "network/organisations/scope.hpp"
#include "platform/web/crypto.hpp"

namespace trame::offers {

namespace {

constexpr long long kHour = 3600;
constexpr long long kDay = 24 * kHour;

// Bumps the catalogue cache's generation when it goes out of scope (after the commit).
struct Changed {
  std::atomic<unsigned long long>& generation;
  ~Changed() { ++generation; }
};

// The catalogue card made from a stored picture (docs::normalise_image in cover mode).
docs::NormalisedImage card_of(std::string_view picture) {
  docs::ImageLimits limits{Service::kCardWidth, Service::kCardHeight};
  limits.jpeg_quality = Service::kCardQuality;
  limits.cover = true;
  return docs::normalise_image(picture, limits);
}

// The refusal of a picture docs::normalise_image could not take, in the offer's words.
Outcome refused_image(docs::ImageProblem problem) {
  switch (problem) {
    case docs::ImageProblem::too_many_pixels: return Outcome::failure("outings.errors.image_pixels", "image");
    case docs::ImageProblem::unreadable: return Outcome::failure("outings.errors.image_unreadable", "image");
    default: return Outcome::failure("outings.errors.image_type", "image");
  }
}

// A whole number in [min, max] or nullopt.
std::optional<long long> parse_int(const std::string& text, long long min, long long max) {
  std::string t = trim(text);
  if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  long long v = std::stoll(t);
  if (v < min || v > max) return std::nullopt;
  return v;
}

// The offer's own words; the venue's (name, commune, address) are matched from the directory.
std::string search_text_of(const Offer& o) {
  return fold_for_search(o.title + " " + o.description);
}

bool valid_date(const std::string& d) {
  return day_start(d) >= 0;
}

}  // namespace

Editor Service::editor(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    Editor e;
    auto scope = organisations::network_scope(sql, me, perm::outings_manage);
    e.venues.all = scope.everywhere;
    // A branch coordinator keeps their branch's allocations (Editor::changes_allocation).
    e.allocations = scope.everywhere || !scope.branches.empty();
    e.head_office = scope.everywhere;
    e.branches = scope.branches;
    auto add = [&e](long long id) {
      if (std::find(e.venues.organisations.begin(), e.venues.organisations.end(), id) == e.venues.organisations.end())
        e.venues.organisations.push_back(id);
    };
    for (const auto& m : me.memberships)
      if (me.can_in(perm::outings_publish, m.organisation_id)) add(m.organisation_id);
    if (!e.venues.all && scope.limited()) {
      e.network = true;
      e.own_venues = e.venues.organisations;
      e.scope_delegations = scope.delegations;
      e.scope_branches = scope.branches;
      // Sorted and without duplicates (organisations_in_delegations is in id order): covers() stays exact.
      std::vector<long long> in_scope = organisations::organisations_in_delegations(sql, scope);
      std::vector<long long> own = e.venues.organisations;
      std::sort(own.begin(), own.end());
      for (long long id : in_scope)
        if (!std::binary_search(own.begin(), own.end(), id)) e.venues.organisations.push_back(id);
    }
    return e;
  });
}

Outcome Service::access(const Editor& editor, const Offer& o) {
  if (editor.covers(o.venue_id)) return Outcome::success(o.id);
  return o.status == "published" ? Outcome::forbidden() : Outcome::not_found();
}

Outcome Service::check_scope(const Editor& editor, long long offer_id) {
  auto o = offer(offer_id);
  if (!o) return Outcome::not_found();
  return access(editor, *o);
}

Outcome Service::validate_offer(Offer& o) {
  o.title = trim(o.title);
  o.language = trim(o.language);
  if (o.title.empty() || o.title.size() > 200) return Outcome::failure("outings.errors.title", "title");
  if (!one_of(o.category, categories())) return Outcome::failure("outings.errors.category", "category");
  if (!one_of(o.audience, audiences())) return Outcome::failure("outings.errors.audience", "audience");
  if (o.age_min < 0 || o.age_min > 120 || o.age_max < 0 || o.age_max > 120 || (o.age_max && o.age_max < o.age_min))
    return Outcome::failure("outings.errors.ages", "age_min");
  if (o.language.empty()) o.language = "fr";
  if (o.language.size() > 40) return Outcome::failure("outings.errors.language", "language");
  if (o.description.size() > 10000) return Outcome::failure("outings.errors.description", "description");
  for (const auto* f : {&o.conditions, &o.getting_there, &o.at_the_door, &o.accessibility_details})
    if (f->size() > 2000) return Outcome::failure("outings.errors.too_long");
  for (int* f : {&o.family, &o.motor, &o.visual, &o.hearing, &o.mental, &o.on_request}) *f = *f ? 1 : 0;
  return Outcome::success();
}

Outcome Service::save_offer(const Actor& actor, const Editor& editor, Offer o) {
  Changed changed_guard{generation_};  // the catalogue cache is dropped once the change is committed
  // Scope first: someone else's offer is refused whatever the form says.
  if (o.id) {
    auto scope = check_scope(editor, o.id);
    if (!scope.ok) return scope;
  }
  if (!o.venue_id) return Outcome::failure("outings.errors.venue", "venue");
  if (!editor.covers(o.venue_id)) return Outcome::failure("errors.403.message", "venue");
  auto v = validate_offer(o);
  if (!v.ok) return v;
  o.partner_id = o.venue_id;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto venue = repo_.venue(sql, o.venue_id);
    if (!venue) return Outcome::failure("outings.errors.venue", "venue");
    o.venue = *venue;
    o.updated_at = now;
    std::optional<Offer> existing;
    if (o.id != 0) {
      existing = repo_.find_offer(sql, o.id);
      if (!existing) return Outcome::not_found();
      if (auto mine = access(editor, *existing); !mine.ok) return mine;
    }
    // The branches it is given to (docs/outings.md « Antennes »), checked before anything is written.
    std::vector<long long> given;
    if (o.branches_sent) {
      if (auto set = branch_set(sql, editor, o, given); !set.ok) return set;
    }
    std::vector<long long> before;
    if (o.id == 0) {
      o.status = "draft";
      o.created_at = now;
      o.id = repo_.insert_offer(sql, o, search_text_of(o), actor.id);
      audit_.record(sql, actor, "outings.offer_created", "offer:" + std::to_string(o.id), o.title);
      if (!o.branches_sent) repo_.give_to_venue_branch(sql, o.id, o.venue_id);
    } else {
      for (const auto& b : repo_.offer_branches(sql, o.id)) before.push_back(b.first);
      std::sort(before.begin(), before.end());
      repo_.update_offer(sql, o, search_text_of(o));
      audit_.record(sql, actor, "outings.offer_updated", "offer:" + std::to_string(o.id), o.title);
    }
    if (o.branches_sent && given != before) {
      repo_.replace_offer_branches(sql, o.id, given);
      std::string names;
      for (const auto& b : repo_.offer_branches(sql, o.id)) names += (names.empty() ? "" : ", ") + b.second;
      audit_.record(sql, actor, "outings.offer_branches_changed", "offer:" + std::to_string(o.id),
                    names.empty() ? "—" : names);
    }
    return Outcome::success(o.id);
  });
}

Outcome Service::branch_set(soci::session& sql, const Editor& editor, const Offer& o, std::vector<long long>& out) {
  const auto active = branches::Repository().active(sql);
  for (long long b : o.branch_ids)
    if (std::none_of(active.begin(), active.end(), [b](const auto& a) { return a.first == b; }))
      return Outcome::failure("outings.errors.branch", "branches");
  // What it is given to now: its set, or for a new offer its venue's branch.
  std::vector<long long> base;
  if (o.id != 0) {
    for (const auto& b : repo_.offer_branches(sql, o.id)) base.push_back(b.first);
  } else if (long long venue = repo_.organisation_branch(sql, o.venue_id); venue != 0) {
    base.push_back(venue);
  }
  auto in = [](const std::vector<long long>& set, long long b) {
    return std::find(set.begin(), set.end(), b) != set.end();
  };
  out.clear();
  if (o.id == 0 && o.branch_ids.empty()) {
    out = base;
    return Outcome::success();
  }
  for (long long b : o.branch_ids)
    if (!editor.gives_to(b) && !in(base, b)) return Outcome::failure("outings.errors.branch_not_yours", "branches");
  for (long long b : base)
    if (!editor.gives_to(b)) out.push_back(b);
  for (long long b : o.branch_ids)
    if (editor.gives_to(b) && !in(out, b)) out.push_back(b);
  std::sort(out.begin(), out.end());
  return Outcome::success();
}

std::vector<std::pair<long long, std::string>> Service::active_branches() {
  return db_.read([&](soci::session& sql) { return branches::Repository().active(sql); });
}

std::vector<std::pair<long long, std::string>> Service::offer_branches(long long offer_id) {
  return db_.read([&](soci::session& sql) { return repo_.offer_branches(sql, offer_id); });
}

long long Service::venue_branch(long long venue_id) {
  return db_.read([&](soci::session& sql) { return repo_.organisation_branch(sql, venue_id); });
}

Outcome Service::set_status(const Actor& actor, const Editor& editor, long long id, const std::string& to) {
  Changed changed_guard{generation_};  // the catalogue cache is dropped once the change is committed
  auto scope = check_scope(editor, id);
  if (!scope.ok) return scope;
  if (!one_of(to, offer_statuses())) return Outcome::failure("outings.errors.status");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto o = repo_.find_offer(sql, id);
    if (!o) return Outcome::not_found();
    if (auto mine = access(editor, *o); !mine.ok) return mine;
    if (o->status == to) return Outcome::failure("outings.errors.status_same");
    if (!repo_.change_offer_status(sql, id, o->status, to, now)) return Outcome::failure("outings.errors.stale");
    audit_.record(sql, actor, "outings.offer_status", "offer:" + std::to_string(id), o->status + " → " + to);
    return Outcome::success(id);
  });
}

Outcome Service::set_image(const Actor& actor, const Editor& editor, long long id, const std::string& bytes) {
  Changed changed_guard{generation_};  // the catalogue cache is dropped once the change is committed
  auto scope = check_scope(editor, id);
  if (!scope.ok) return scope;
  if (bytes.empty()) return Outcome::failure("outings.errors.image_missing", "image");
  if (bytes.size() > kMaxImageBytes) return Outcome::failure("outings.errors.image_size", "image");
  // Decoded, turned upright, shrunk into kImageBox, written again without metadata (docs/image.hpp).
  auto picture = docs::normalise_image(bytes, {kImageBox, kImageBox});
  if (!picture) return refused_image(picture.problem);
  auto card = card_of(picture.bytes);  // empty if it fails: made on first request then
  return db_.write([&](soci::session& sql) {
    auto o = repo_.find_offer(sql, id);
    if (!o) return Outcome::not_found();
    if (auto mine = access(editor, *o); !mine.ok) return mine;
    repo_.save_image(sql, id, picture.type, picture.bytes, card.type, card.bytes, store::now_seconds());
    audit_.record(sql, actor, "outings.offer_image", "offer:" + std::to_string(id),
                  picture.type + ", " + std::to_string(picture.width) + " × " + std::to_string(picture.height) + ", " +
                      std::to_string(picture.bytes.size()) + " octets (envoyé : " + std::to_string(bytes.size()) +
                      " octets)");
    return Outcome::success(id);
  });
}

std::optional<Offer> Service::offer(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_offer(sql, id); });
}
std::optional<Image> Service::image(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.image(sql, id); });
}
std::optional<Image> Service::card(long long id) {
  if (auto stored = db_.read([&](soci::session& sql) { return repo_.card(sql, id); })) return stored;
  // A picture stored before the cards existed (or by the demo): its card is made once and kept.
  auto picture = image(id);
  if (!picture) return std::nullopt;
  auto card = card_of(picture->bytes);
  if (!card) return picture;  // an old picture that cannot be decoded is served as it is
  try {
    db_.write([&](soci::session& sql) { repo_.save_card(sql, id, card.type, card.bytes); });
  } catch (const std::exception&) {
    // Not kept (a read-only database): served all the same, made again next time.
  }
  return Image{card.type, std::move(card.bytes)};
}
std::vector<Offer> Service::editable_offers(const Editor& e, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_editable_offers(sql, e);
    return repo_.editable_offers(sql, e, (page - 1) * per_page, per_page);
  });
}

Outcome Service::save_slot(const Actor& actor, const Editor& editor, long long offer_id, long long slot_id,
                           const SlotInput& in) {
  Changed changed_guard{generation_};  // the catalogue cache is dropped once the change is committed
  auto scope = check_scope(editor, offer_id);
  if (!scope.ok) return scope;
  long long now = store::now_seconds();
  Slot s;
  s.id = slot_id;
  s.offer_id = offer_id;
  s.starts_at = parse_local(in.starts);
  if (s.starts_at < 0) return Outcome::failure("outings.errors.slot_start", "starts");
  if (slot_id == 0 && s.starts_at <= now) return Outcome::failure("outings.errors.slot_past", "starts");
  if (trim(in.ends).empty()) {
    s.ends_at = 0;
  } else {
    s.ends_at = parse_local(in.ends);
    if (s.ends_at < 0) return Outcome::failure("outings.errors.slot_end_invalid", "ends");
    if (s.ends_at <= s.starts_at) return Outcome::failure("outings.errors.slot_end", "ends");
  }
  auto capacity = parse_int(in.capacity, 0, 100000);
  if (!capacity) return Outcome::failure("outings.errors.slot_capacity", "capacity");
  s.capacity = *capacity;
  // The group share: at most the capacity (0: no group bookings).
  auto group_places =
      trim(in.group_places).empty() ? std::optional<long long>(0) : parse_int(in.group_places, 0, 100000);
  if (!group_places || *group_places > s.capacity)
    return Outcome::failure("outing_groups.errors.group_places", "group_places");
  s.group_places = *group_places;
  s.opens_at = trim(in.opens).empty() ? now : parse_local(in.opens);
  if (s.opens_at < 0) return Outcome::failure("outings.errors.slot_opens", "opens");
  s.closes_at = trim(in.closes).empty() ? s.starts_at : parse_local(in.closes);
  if (s.closes_at < 0) return Outcome::failure("outings.errors.slot_closes_invalid", "closes");
  if (s.closes_at > s.starts_at) return Outcome::failure("outings.errors.slot_closes", "closes");
  if (s.closes_at < s.opens_at) return Outcome::failure("outings.errors.slot_window", "closes");
  s.cancel_until = trim(in.cancel_until).empty() ? s.starts_at - 2 * kDay : parse_local(in.cancel_until);
  if (s.cancel_until < 0 && !trim(in.cancel_until).empty())
    return Outcome::failure("outings.errors.slot_cancel_invalid", "cancel_until");
  if (s.cancel_until > s.starts_at) return Outcome::failure("outings.errors.slot_cancel", "cancel_until");
  s.mode = in.mode.empty() ? "first_come" : in.mode;
  if (s.mode != "first_come" && s.mode != "draw") return Outcome::failure("outings.errors.slot_mode", "mode");
  if (s.mode == "draw") {
    s.draw_at = parse_local(in.draw_at);
    if (s.draw_at < 0) return Outcome::failure("outings.errors.slot_draw", "draw_at");
    if (s.draw_at > s.starts_at || s.draw_at < s.opens_at)
      return Outcome::failure("outings.errors.slot_draw_window", "draw_at");
  }
  s.allocation_id = in.allocation.empty() ? 0 : std::max(0LL, parse_int(in.allocation, 0, 999999999).value_or(-1));
  if (!in.allocation.empty() && !parse_int(in.allocation, 0, 999999999))
    return Outcome::failure("outings.errors.slot_allocation", "allocation");
  s.created_at = now;
  s.updated_at = now;
  return db_.attempt([&](soci::session& sql) {
    auto o = repo_.find_offer(sql, offer_id);
    if (!o) return Outcome::not_found();
    if (auto mine = access(editor, *o); !mine.ok) return mine;
    std::optional<Slot> old;
    if (slot_id) {
      old = repo_.find_slot(sql, slot_id);
      if (!old || old->offer_id != offer_id) return Outcome::failure("errors.404.message");
      if (old->status != "open") return Outcome::failure("outings.errors.slot_cancelled");
      if (s.capacity < old->booked) return Outcome::failure("outings.errors.slot_capacity_booked", "capacity");
      if (s.group_places < old->group_booked)
        return Outcome::failure("outing_groups.errors.group_places_booked", "group_places");
      if (old->drawn_at && s.mode != old->mode) return Outcome::failure("outings.errors.slot_drawn", "mode");
      if (old->drawn_at) s.draw_at = old->draw_at;
    }
    // Allocations are the network's: others keep the slot's (none for a new slot).
    if (!editor.allocations) s.allocation_id = old ? old->allocation_id : 0;
    if (s.mode == "draw" && !old && s.draw_at <= now)
      return Outcome::failure("outings.errors.slot_draw_past", "draw_at");
    // Places of the pool: give back the old slot's, then take the new ones (conditional UPDATE).
    if (old && old->allocation_id) repo_.release(sql, old->allocation_id, old->capacity);
    if (s.allocation_id) {
      auto a = repo_.find_allocation(sql, s.allocation_id);
      if (!a || a->status != "active") refuse("outings.errors.slot_allocation", "allocation");
      // The slot must take place within the allocation's period.
      if (s.starts_at < day_start(a->starts_on) || s.starts_at >= day_start(a->ends_on) + kDay)
        refuse("outings.errors.slot_allocation_period", "allocation");
      // The slot must start on a day the allocation allows (its day rules, in its school zone).
      if (auto rule = day_rule(*a); !rule.kinds.empty() && !calendars::allowed(local_date(s.starts_at), rule,
                                                                               calendars_.holidays(sql, rule.zone)))
        refuse("outings.errors.calendar.day_rule", "starts");
      if (!repo_.assign(sql, s.allocation_id, s.capacity)) refuse("outings.errors.allocation_full", "capacity");
    }
    if (old) {
      if (!repo_.update_slot(sql, s)) refuse("outings.errors.slot_capacity_booked", "capacity");
      audit_.record(sql, actor, "outings.slot_updated", "slot:" + std::to_string(slot_id),
                    "offre " + std::to_string(offer_id) + ", " + std::to_string(s.capacity) + " place(s)");
      return Outcome::success(slot_id);
    }
    long long id = repo_.insert_slot(sql, s);
    audit_.record(sql, actor, "outings.slot_created", "slot:" + std::to_string(id),
                  "offre " + std::to_string(offer_id) + ", " + std::to_string(s.capacity) + " place(s)");
    return Outcome::success(id);
  });
}

long long Service::insert_slot_in(soci::session& sql, const Actor& actor, const Slot& s) {
  Changed changed_guard{generation_};
  long long id = repo_.insert_slot(sql, s);
  audit_.record(sql, actor, "outings.slot_created", "slot:" + std::to_string(id),
                "offre " + std::to_string(s.offer_id) + ", " + std::to_string(s.capacity) + " place(s)");
  return id;
}

std::optional<Slot> Service::slot(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_slot(sql, id); });
}
std::vector<Slot> Service::slots(long long offer_id, bool upcoming_only, long long page, long long per_page,
                                 long long& total) {
  long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) {
    total = repo_.count_slots_of(sql, offer_id, upcoming_only, now);
    return repo_.slots_of(sql, offer_id, upcoming_only, now, (page - 1) * per_page, per_page);
  });
}

long long Service::booking_branch(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.booking_branch(sql, user_id); });
}

Service::CatalogueState Service::catalogue_state(long long referent_id) {
  // Read before the catalogue's version: a commit made in between moves it, and the pair recorded below
  // is then never found again (data versions only grow).
  const std::optional<unsigned long long> file_version = watch_.version();
  if (file_version) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (known_version_ && known_version_->first == *file_version) {
      CatalogueState state;
      state.version = known_version_->second;
      if (!referent_id) return state;
      auto it = branches_.find(referent_id);
      if (it != branches_.end() && it->second.first == state.version) {
        state.branch_id = it->second.second;
        return state;
      }
    }
  }
  return db_.read([&](soci::session& sql) {
    CatalogueState state;
    state.version = repo_.catalogue_version(sql);
    if (file_version) {
      std::lock_guard<std::mutex> lock(cache_mutex_);
      known_version_.emplace(*file_version, state.version);
    }
    if (!referent_id) return state;
    // The branch reads memberships and organisations, both under the version's triggers.
    {
      std::lock_guard<std::mutex> lock(cache_mutex_);
      auto it = branches_.find(referent_id);
      if (it != branches_.end() && it->second.first == state.version) {
        state.branch_id = it->second.second;
        return state;
      }
    }
    state.branch_id = repo_.booking_branch(sql, referent_id);
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (branches_.size() > 10000) branches_.clear();
    branches_[referent_id] = {state.version, state.branch_id};
    return state;
  });
}

long long Service::next_open_slot_start(long long now) {
  return db_.read([&](soci::session& sql) { return repo_.next_open_slot_start(sql, now); });
}

std::vector<CatalogueEntry> Service::catalogue(const Filter& f, long long page, long long per_page, long long& total,
                                               long long version) {
  long long from_ts = f.from.empty() ? 0 : std::max(0LL, day_start(f.from));
  long long to_ts = f.to.empty() || day_start(f.to) < 0 ? 4102444800LL : day_start(f.to) + kDay - 1;
  std::string key = f.from + "|" + f.to + "|" + f.category + "|" + std::to_string(f.delegation_id) + "|" +
                    f.commune_code + "|" + (f.family ? "1" : "0") + "|" + f.text + "|" + std::to_string(page) + "|" +
                    std::to_string(per_page) + "|" + std::to_string(f.branch_id) + "|";
  for (const auto& n : f.needs) key += n + ",";
  // "Only with places left" depends on every booking: never cached.
  bool cacheable = !f.with_places;
  std::vector<Offer> offers;
  bool hit = false;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = pages_.find(key);
    if (it != pages_.end() && it->second.version == version && it->second.at == f.now) {
      offers = it->second.offers;
      total = it->second.total;
      hit = true;
    }
  }
  return db_.read([&](soci::session& sql) {
    if (!hit) {
      total = repo_.count_catalogue(sql, f, from_ts, to_ts);
      offers = repo_.catalogue(sql, f, from_ts, to_ts, (page - 1) * per_page, per_page);
      if (cacheable) {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        if (pages_.size() > 500) pages_.clear();
        pages_[key] = CachedPage{f.now, version, total, offers};
      }
    }
    std::vector<CatalogueEntry> out;
    std::vector<long long> ids;
    for (auto& o : offers) {
      ids.push_back(o.id);
      out.push_back({std::move(o), {}});
    }
    for (auto& s : repo_.catalogue_slots(sql, ids, f, from_ts, to_ts))
      for (auto& e : out)
        if (e.offer.id == s.offer_id) e.slots.push_back(s);
    // An offer whose slots closed or were cancelled since the list was kept is not shown (unless it is
    // « sur demande »: listed without slots).
    if (hit)
      out.erase(std::remove_if(out.begin(), out.end(),
                               [](const CatalogueEntry& e) { return e.slots.empty() && e.offer.on_request == 0; }),
                out.end());
    return out;
  });
}

Outcome Service::save_allocation(const Actor& actor, const Editor& editor, long long id, const AllocationInput& in) {
  if (!editor.allocations) return Outcome::failure("errors.403.message");
  Allocation a;
  a.id = id;
  a.name = trim(in.name);
  a.donor = trim(in.donor);
  a.description = trim(in.description);
  if (a.name.empty() || a.name.size() > 200) return Outcome::failure("outings.errors.allocation_name", "name");
  if (a.donor.size() > 200 || a.description.size() > 5000) return Outcome::failure("outings.errors.too_long");
  auto places = parse_int(in.places, 0, 1000000);
  if (!places) return Outcome::failure("outings.errors.allocation_places", "places");
  a.places = *places;
  a.starts_on = trim(in.starts_on);
  a.ends_on = trim(in.ends_on);
  if (!valid_date(a.starts_on)) return Outcome::failure("outings.errors.allocation_start", "starts_on");
  if (!valid_date(a.ends_on) || a.ends_on < a.starts_on)
    return Outcome::failure("outings.errors.allocation_end", "ends_on");
  a.status = in.status.empty() ? "active" : in.status;
  if (a.status != "active" && a.status != "closed") return Outcome::failure("outings.errors.status", "status");
  auto kinds = calendars::parse_kinds(in.days);
  if (!kinds) return Outcome::failure("outings.errors.calendar.day_rules", "days");
  a.day_rules = calendars::join_kinds(*kinds);
  a.zone = in.zone.empty() ? "C" : in.zone;
  if (!one_of(a.zone, calendars::zones())) return Outcome::failure("outings.errors.calendar.zone", "zone");
  const std::string branch = trim(in.branch);
  if (!branch.empty() && branch != "0") {
    auto chosen = parse_int(branch, 1, 1'000'000'000'000LL);
    if (!chosen) return Outcome::failure("outings.errors.branch", "branch");
    a.branch_id = *chosen;
  } else if (!editor.head_office && editor.branches.size() == 1) {
    a.branch_id = editor.branches.front();  // a branch coordinator's allocation is their branch's
  }
  if (!editor.changes_allocation(a.branch_id))
    return Outcome::failure("outings.errors.allocation_branch_not_yours", "branch");
  long long now = store::now_seconds();
  a.created_at = now;
  a.updated_at = now;
  return db_.write([&](soci::session& sql) {
    if (a.branch_id != 0) {
      const auto active = branches::Repository().active(sql);
      if (std::none_of(active.begin(), active.end(), [&a](const auto& b) { return b.first == a.branch_id; }))
        return Outcome::failure("outings.errors.branch", "branch");
    }
    if (id != 0) {
      // Another branch's allocation is not the editor's to see: the same answer as an unknown one.
      auto current = repo_.find_allocation(sql, id);
      if (!current || !editor.changes_allocation(current->branch_id)) return Outcome::failure("errors.404.message");
    }
    if (repo_.allocation_name_taken(sql, a.name, id))
      return Outcome::failure("outings.errors.allocation_taken", "name");
    // A rule that would leave upcoming slots on days it refuses is refused (the form lists them).
    if (id != 0 && !slots_outside(sql, id, day_rule(a), 1).empty())
      return Outcome::failure("outings.errors.calendar.slots_outside", "days");
    if (id == 0) {
      a.id = repo_.insert_allocation(sql, a, actor.id);
      audit_.record(sql, actor, "outings.allocation_created", "allocation:" + std::to_string(a.id),
                    a.name + ", " + std::to_string(a.places) + " place(s)");
      return Outcome::success(a.id);
    }
    if (!repo_.find_allocation(sql, id)) return Outcome::failure("errors.404.message");
    if (!repo_.update_allocation(sql, a)) return Outcome::failure("outings.errors.allocation_below", "places");
    audit_.record(sql, actor, "outings.allocation_updated", "allocation:" + std::to_string(id),
                  a.name + ", " + std::to_string(a.places) + " place(s)");
    return Outcome::success(id);
  });
}

calendars::DayRule Service::day_rule(const Allocation& a) {
  return calendars::DayRule{calendars::parse_kinds(a.day_rules).value_or(std::vector<std::string>{}), a.zone};
}

std::vector<Slot> Service::slots_outside(soci::session& sql, long long allocation_id, const calendars::DayRule& rule,
                                         std::size_t max) {
  std::vector<Slot> outside;
  if (rule.kinds.empty()) return outside;
  auto holidays = calendars_.holidays(sql, rule.zone);
  for (auto& s : repo_.upcoming_allocation_slots(sql, allocation_id, store::now_seconds())) {
    if (outside.size() >= max) break;
    if (!calendars::allowed(local_date(s.starts_at), rule, holidays)) outside.push_back(std::move(s));
  }
  return outside;
}

std::vector<Slot> Service::slots_outside(long long allocation_id, const AllocationInput& in, std::size_t max) {
  calendars::DayRule rule{calendars::parse_kinds(in.days).value_or(std::vector<std::string>{}),
                          in.zone.empty() ? "C" : in.zone};
  return db_.read([&](soci::session& sql) { return slots_outside(sql, allocation_id, rule, max); });
}

Outcome Service::add_target(const Actor& actor, const Editor& editor, long long allocation_id,
                            long long organisation_id, long long delegation_id, const std::string& quota_text) {
  if (!editor.allocations) return Outcome::failure("errors.403.message");
  if ((organisation_id == 0) == (delegation_id == 0)) return Outcome::failure("outings.errors.target_one", "target");
  auto quota = trim(quota_text).empty() ? std::optional<long long>(0) : parse_int(quota_text, 0, 1000000);
  if (!quota) return Outcome::failure("outings.errors.target_quota", "quota");
  return db_.write([&](soci::session& sql) {
    auto a = repo_.find_allocation(sql, allocation_id);
    if (!a || !editor.changes_allocation(a->branch_id)) return Outcome::failure("errors.404.message");
    if (*quota > a->places) return Outcome::failure("outings.errors.target_quota_places", "quota");
    // A branch's places go to its own relais (or to relais in no branch, which branches do not limit).
    if (organisation_id != 0 && a->branch_id != 0) {
      long long theirs = repo_.organisation_branch(sql, organisation_id);
      if (theirs != 0 && theirs != a->branch_id) return Outcome::failure("outings.errors.target_branch", "target");
    }
    auto name =
        organisation_id ? repo_.organisation_name(sql, organisation_id) : repo_.delegation_name(sql, delegation_id);
    if (!name) return Outcome::failure("outings.errors.target_unknown", "target");
    if (repo_.target_exists(sql, allocation_id, organisation_id, delegation_id))
      return Outcome::failure("outings.errors.target_exists", "target");
    Target t;
    t.allocation_id = allocation_id;
    t.organisation_id = organisation_id;
    t.delegation_id = delegation_id;
    t.quota = *quota;
    long long id = repo_.insert_target(sql, t);
    audit_.record(sql, actor, "outings.allocation_target", "allocation:" + std::to_string(allocation_id),
                  *name + ", quota " + std::to_string(*quota));
    return Outcome::success(id);
  });
}

Service::TargetRemoval Service::remove_target(const Actor& actor, const Editor& editor, long long allocation_id,
                                              long long target_id) {
  if (!editor.allocations) return TargetRemoval{Outcome::failure("errors.403.message"), {}, false};
  return db_.write([&](soci::session& sql) {
    TargetRemoval r;
    if (auto a = repo_.find_allocation(sql, allocation_id); !a || !editor.changes_allocation(a->branch_id)) {
      r.outcome = Outcome::failure("errors.404.message");
      return r;
    }
    auto list = repo_.targets(sql, allocation_id);
    auto t = std::find_if(list.begin(), list.end(), [&](const Target& x) { return x.id == target_id; });
    if (t == list.end()) {
      r.outcome = Outcome::failure("errors.404.message");
      return r;
    }
    // The bookings made under a share keep pointing at it (and its count of places).
    if (!repo_.delete_unused_target(sql, target_id)) {
      r.outcome = Outcome::failure("outings.errors.target_in_use");
      return r;
    }
    audit_.record(sql, actor, "outings.allocation_target_removed", "allocation:" + std::to_string(allocation_id),
                  t->name);
    r.outcome = Outcome::success(target_id);
    r.name = t->name;
    r.now_open = list.size() == 1;
    return r;
  });
}

std::optional<Allocation> Service::allocation(long long id) {
  return db_.read([&](soci::session& sql) {
    auto a = repo_.find_allocation(sql, id);
    if (a) repo_.fill_use(sql, *a);
    return a;
  });
}
std::vector<Allocation> Service::allocations(const Editor& editor, long long page, long long per_page,
                                             long long& total) {
  const std::vector<long long> seen = editor.head_office ? std::vector<long long>{} : editor.branches;
  return db_.read([&](soci::session& sql) {
    total = repo_.count_allocations(sql, seen);
    auto list = repo_.allocations(sql, seen, (page - 1) * per_page, per_page);
    for (auto& a : list) repo_.fill_use(sql, a);  // a page of 25 at most
    return list;
  });
}
std::vector<Allocation> Service::active_allocations() {
  return db_.read([&](soci::session& sql) { return repo_.active_allocations(sql); });
}
std::vector<Target> Service::targets(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.targets(sql, id); });
}
std::vector<Slot> Service::allocation_slots(long long id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_allocation_slots(sql, id);
    return repo_.allocation_slots(sql, id, (page - 1) * per_page, per_page);
  });
}
std::optional<Venue> Service::venue(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.venue(sql, id); });
}
std::vector<Choice> Service::venue_choices(const Editor& e) {
  return db_.read([&](soci::session& sql) { return repo_.venue_choices(sql, e); });
}
std::vector<Choice> Service::social_choices() {
  return db_.read([&](soci::session& sql) { return repo_.social_choices(sql); });
}
std::vector<Choice> Service::delegation_choices() {
  return db_.read([&](soci::session& sql) { return repo_.delegation_choices(sql); });
}
std::vector<Choice> Service::delegation_choices(long long version) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (delegations_.filled && delegations_.version == version) return delegations_.choices;
  }
  auto list = db_.read([&](soci::session& sql) { return repo_.delegation_choices(sql); });
  std::lock_guard<std::mutex> lock(cache_mutex_);
  delegations_ = CachedChoices{true, version, list};
  return list;
}
std::vector<Choice> Service::communes_with_offers(long long version) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (communes_.filled && communes_.version == version) return communes_.choices;
  }
  auto list = db_.read([&](soci::session& sql) { return repo_.communes_with_offers(sql); });
  std::lock_guard<std::mutex> lock(cache_mutex_);
  communes_ = CachedChoices{true, version, list};
  return list;
}
std::vector<Quote> Service::quotes(long long offer_id) {
  return db_.read([&](soci::session& sql) { return repo_.published_quotes(sql, offer_id, 5); });
}

// ---------------------------------------------------------------------------------------------
// Demo data.

namespace {

long long org_id(store::Database& db, const Repository& repo, const std::string& name) {
  return db.read([&](soci::session& sql) { return repo.organisation_by_name(sql, name); });
}

// Today + days at hh:mm, Europe/Paris, as "YYYY-MM-DDTHH:MM".
std::string in_days(int days, int hour, int minute) {
  std::time_t t = static_cast<std::time_t>(store::now_seconds()) + static_cast<std::time_t>(days) * kDay;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, hour,
                minute);
  return buf;
}

std::string year_day(int month, int day, int add_years = 0) {
  std::time_t t = static_cast<std::time_t>(store::now_seconds());
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900 + add_years, month, day);
  return buf;
}

struct DemoSlot {
  int days, hour, minute, duration_minutes, capacity;
  const char* allocation;  // name or ""
  bool draw;
  int group_places = 0;  // the slot's share for groups
};

struct DemoOffer {
  const char* venue;
  const char* title;
  const char* category;
  const char* audience;
  int age_min, age_max, family;
  const char* description;
  const char* conditions;
  const char* getting_there;
  const char* at_the_door;
  int motor, visual, hearing, mental;
  const char* accessibility;
  std::vector<DemoSlot> slots;
};

}  // namespace

int Service::next_allowed_day(long long allocation_id, int from_days) {
  return db_.read([&](soci::session& sql) {
    auto a = repo_.find_allocation(sql, allocation_id);
    if (!a) return from_days;
    auto rule = day_rule(*a);
    auto holidays = calendars_.holidays(sql, rule.zone);
    // Within a year there is always a weekend: an empty rule or any kind of day stops the search early.
    for (int d = from_days; d < from_days + 366; ++d)
      if (calendars::allowed(local_date(parse_local(in_days(d, 12, 0))), rule, holidays)) return d;
    return from_days;
  });
}

void Service::load_demo(const Actor& actor) {
  Editor all{ActingFor::everywhere(), true, false, true, {}, {}, {}, {}};
  // The Val-de-Marne branch's (network/branches/demo.cpp), when the demo made it.
  std::string val_de_marne;
  for (const auto& [id, name] : active_branches())
    if (name == "Cultures du Cœur 94") val_de_marne = std::to_string(id);
  // Allocations first: cinema and leisure slots take their places from them.
  auto allocation_id = [&](const std::string& name) {
    return db_.read([&](soci::session& sql) { return repo_.allocation_by_name(sql, name); });
  };
  if (!allocation_id("Tous au cinéma")) {
    save_allocation(actor, all, 0,
                    {"Tous au cinéma",
                     "Fondation David Hadida",
                     "300 places de cinéma offertes par la fondation David Hadida : des séances suivies d'échanges "
                     "qui favorisent l'expression et l'esprit critique des personnes accompagnées.",
                     "300",
                     year_day(1, 1),
                     year_day(12, 31, 1),
                     "active",
                     {},
                     "C",
                     val_de_marne});
  }
  if (!allocation_id("Tickets Loisirs")) {
    auto made = save_allocation(actor, all, 0,
                                {"Tickets Loisirs",
                                 "Région Île-de-France",
                                 "Places dans les îles de loisirs pendant les vacances scolaires et les week-ends, "
                                 "réservées à quelques relais sociaux avec un quota chacun.",
                                 "120",
                                 year_day(1, 1),
                                 year_day(12, 31, 1),
                                 "active",
                                 {"school_holidays", "weekends"},
                                 "C",
                                 val_de_marne});
    if (made.ok) {
      if (long long vitry = org_id(db_, repo_, "Relais social de Vitry-sur-Seine (fictif)"))
        add_target(actor, all, made.id, vitry, 0, "40");
      if (long long ccc = org_id(db_, repo_, "Cultures du Cœur 94")) add_target(actor, all, made.id, ccc, 0, "60");
    }
  }
  const std::vector<DemoOffer> offers = {
      {"Théâtre Quartier Libre",
       "Les Fourberies de Scapin",
       "live_show",
       "all",
       10,
       0,
       0,
       "La comédie de Molière par une troupe de la région : Scapin, valet rusé, aide deux jeunes gens à "
       "tromper leurs pères.\n\nDurée : 1 h 30. Une rencontre avec l'équipe suit la représentation.",
       "Invitations nominatives : se présenter 20 minutes avant le début.",
       "Ancenis-Saint-Géréon, à 5 minutes à pied de la gare (TER Nantes – Angers).",
       "Donnez le code de réservation à l'accueil billetterie : « invitation Trame ».",
       1,
       0,
       1,
       0,
       "Salle de plain-pied, places réservées pour fauteuils roulants, boucle magnétique.",
       {{9, 20, 30, 90, 8, "", false}, {23, 20, 30, 90, 6, "", false}}},
      {"Espace culturel Paul Guimard",
       "Ciné-rencontre : Les Petites Victoires",
       "cinema",
       "all",
       8,
       0,
       0,
       "Une comédie tendre sur une maire de village qui devient l'élève de son école. Projection suivie d'un "
       "échange avec une médiatrice.\n\nPlaces de l'action **Tous au cinéma**.",
       "",
       "Parking gratuit devant l'espace culturel.",
       "Code de réservation à l'entrée de la salle.",
       1,
       0,
       0,
       0,
       "",
       {{6, 14, 30, 120, 10, "Tous au cinéma", false}, {13, 18, 0, 120, 10, "Tous au cinéma", false}}},
      {"Espace culturel Paul Guimard",
       "Ciné-goûter en famille : Le Grand Méchant Renard",
       "cinema",
       "family",
       4,
       0,
       1,
       "Un film d'animation drôle et tendre, suivi d'un goûter partagé.",
       "",
       "Parking gratuit devant l'espace culturel.",
       "Code de réservation à l'entrée de la salle.",
       1,
       0,
       0,
       0,
       "",
       {{16, 15, 0, 90, 12, "Tous au cinéma", false}}},
      {"Le Préambule",
       "Concert : Orchestre national des Pays de la Loire",
       "concert",
       "all",
       7,
       0,
       0,
       "Grand concert symphonique : Dvořák, Symphonie du Nouveau Monde. Très peu de places : elles sont tirées au "
       "sort, en priorité pour les personnes qui sont le moins sorties.",
       "Tenue libre.",
       "Ligné, bus Lila ligne 40 arrêt « Le Préambule ».",
       "Le nom du relais et le code de réservation à l'accueil.",
       1,
       0,
       0,
       0,
       "",
       {{20, 20, 0, 120, 4, "", true}}},
      // The Loire-Atlantique branch's venue (network/branches/demo.cpp): its offer is given to that branch.
      {"Salle des Hirondelles, Nantes (fictive)",
       "Spectacle jeune public : Le voyage de Lila",
       "live_show",
       "family",
       4,
       10,
       1,
       "Un conte musical de 50 minutes pour les enfants et leurs parents, suivi d'un goûter avec la compagnie.",
       "Les enfants viennent accompagnés d'un adulte.",
       "Nantes, bus C3 arrêt « Hirondelles ».",
       "Le code de réservation à l'entrée de la salle.",
       1,
       0,
       0,
       0,
       "Salle de plain-pied.",
       {{12, 15, 0, 50, 20, "", false}}},
      {"Réseau des bibliothèques du Pays d'Ancenis",
       "Lecture publique : contes d'ici et d'ailleurs",
       "reading",
       "family",
       3,
       0,
       1,
       "Des conteuses lisent des histoires venues du monde entier, pour petits et grands.",
       "",
       "Médiathèque d'Ancenis, centre-ville.",
       "Entrée libre avec le code de réservation.",
       1,
       0,
       0,
       1,
       "Accueil adapté aux personnes en situation de handicap mental (séance courte, lumière douce).",
       {{5, 10, 30, 60, 15, "", false}, {19, 10, 30, 60, 15, "", false}}},
      {"Médiathèque d'Ivry-sur-Seine (fictive)",
       "Atelier d'écriture : raconter son quartier",
       "workshop",
       "all",
       14,
       0,
       0,
       "Un atelier d'écriture en petit groupe avec une autrice, pour raconter son quartier en quelques pages.",
       "Aucun niveau demandé.",
       "Métro 7 Mairie d'Ivry, puis 5 minutes à pied.",
       "Présentez-vous à l'accueil de la médiathèque avec le code.",
       1,
       0,
       1,
       0,
       "Ascenseur et boucle magnétique à l'accueil.",
       {{8, 14, 0, 120, 10, "", false}}},
      {"Club sportif de Champigny (fictif)",
       "Découverte du basket en famille",
       "sport",
       "family",
       6,
       0,
       1,
       "Une séance d'initiation au basket encadrée par les entraîneurs du club, parents et enfants ensemble.",
       "Tenue de sport et baskets propres.",
       "RER E Les Boullereaux-Champigny, puis bus 208.",
       "Donnez le code au responsable du club à l'entrée du gymnase.",
       0,
       0,
       0,
       0,
       "",
       {{11, 14, 0, 90, 10, "", false}, {25, 14, 0, 90, 10, "", false}}},
      {"Région Île-de-France",
       "Tickets Loisirs : journée à l'île de loisirs de Créteil",
       "leisure",
       "family",
       0,
       0,
       1,
       "Une journée à l'île de loisirs de Créteil pendant les vacances scolaires : baignade surveillée, "
       "voile, jeux et pique-nique au bord du lac.",
       "Prévoir le pique-nique et une tenue de rechange.",
       "Île de loisirs de Créteil, rue Jean-Gabin : métro 8 Créteil-Préfecture.",
       "Présentez le code de réservation à l'accueil de l'île de loisirs.",
       1,
       0,
       0,
       0,
       "Cheminements accessibles autour du lac.",
       {{17, 10, 0, 420, 15, "Tickets Loisirs", false, 10}, {18, 10, 0, 420, 15, "Tickets Loisirs", false, 10}}},
  };
  for (const auto& d : offers) {
    long long venue = org_id(db_, repo_, d.venue);
    if (!venue) continue;
    bool exists = db_.read([&](soci::session& sql) { return repo_.count_offers_titled(sql, d.title, venue) > 0; });
    if (exists) continue;
    Offer o;
    o.venue_id = venue;
    o.title = d.title;
    o.category = d.category;
    o.audience = d.audience;
    o.age_min = d.age_min;
    o.age_max = d.age_max;
    o.family = d.family;
    o.description = d.description;
    o.conditions = d.conditions;
    o.getting_there = d.getting_there;
    o.at_the_door = d.at_the_door;
    o.motor = d.motor;
    o.visual = d.visual;
    o.hearing = d.hearing;
    o.mental = d.mental;
    o.accessibility_details = d.accessibility;
    auto made = save_offer(actor, all, o);
    if (!made.ok) continue;
    int next_free = 0;  // an allocation's slots go on its next allowed days, one a day, from the slot's offset
    for (const auto& s : d.slots) {
      SlotInput in;
      int days = s.days;
      if (*s.allocation) days = next_allowed_day(allocation_id(s.allocation), std::max(s.days, next_free));
      next_free = days + 1;
      in.starts = in_days(days, s.hour, s.minute);
      long long start = parse_local(in.starts);
      in.ends = local_input(start + s.duration_minutes * 60LL);
      in.capacity = std::to_string(s.capacity);
      if (s.draw) {
        in.mode = "draw";
        in.draw_at = in_days(std::max(1, s.days - 10), 12, 0);
      }
      if (*s.allocation) in.allocation = std::to_string(allocation_id(s.allocation));
      in.group_places = std::to_string(s.group_places);
      save_slot(actor, all, made.id, 0, in);
    }
    set_status(actor, all, made.id, "published");
  }
}

}  // namespace trame::offers
