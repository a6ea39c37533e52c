#include "outings/offers/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/store/id_list.hpp"
#include "platform/store/prepared.hpp"

#include <sstream>

#include "platform/core/text.hpp"
#include "platform/store/bytes.hpp"

namespace trame::offers {

namespace {

const char* kOfferSelect =
    "SELECT o.id, o.venue_id, o.partner_id, o.title, o.category, o.description, o.audience, o.age_min, o.age_max, "
    "o.language, o.conditions, o.getting_there, o.at_the_door, o.family, o.accessibility_motor, "
    "o.accessibility_visual, o.accessibility_hearing, o.accessibility_mental, o.accessibility_details, o.image_type, "
    "o.status, o.created_at, o.updated_at, o.on_request, v.name, v.address, COALESCE(v.commune_code, ''), "
    "COALESCE(c.name, ''), "
    "v.access_motor, v.access_visual, v.access_hearing, v.access_mental, v.accessibility_note, "
    "CASE WHEN EXISTS (SELECT 1 FROM organisation_logos l WHERE l.organisation_id = v.id) THEN 1 ELSE 0 END "
    "FROM outing_offers o JOIN organisations v ON v.id = o.venue_id LEFT JOIN communes c ON c.code = v.commune_code ";

#define TRAME_OFFER_INTO(o)                                                                                         \
  soci::into((o).id), soci::into((o).venue_id), soci::into((o).partner_id), soci::into((o).title),                  \
      soci::into((o).category), soci::into((o).description), soci::into((o).audience), soci::into((o).age_min),     \
      soci::into((o).age_max), soci::into((o).language), soci::into((o).conditions), soci::into((o).getting_there), \
      soci::into((o).at_the_door), soci::into((o).family), soci::into((o).motor), soci::into((o).visual),           \
      soci::into((o).hearing), soci::into((o).mental), soci::into((o).accessibility_details),                       \
      soci::into((o).image_type), soci::into((o).status), soci::into((o).created_at), soci::into((o).updated_at),   \
      soci::into((o).on_request), soci::into((o).venue.name), soci::into((o).venue.address),                        \
      soci::into((o).venue.commune_code), soci::into((o).venue.commune), soci::into((o).venue.motor),               \
      soci::into((o).venue.visual), soci::into((o).venue.hearing), soci::into((o).venue.mental),                    \
      soci::into((o).venue.accessibility_note), soci::into((o).venue.has_logo)

const char* kSlotSelect =
    "SELECT s.id, s.offer_id, s.starts_at, s.ends_at, s.capacity, s.booked, s.opens_at, s.closes_at, s.cancel_until, "
    "s.mode, s.draw_at, s.drawn_at, COALESCE(s.allocation_id, 0), COALESCE(a.name, ''), s.status, s.cancel_reason, "
    "s.created_at, s.updated_at, s.group_places, s.group_booked "
    "FROM outing_slots s LEFT JOIN outing_allocations a ON a.id = s.allocation_id ";

#define TRAME_SLOT_INTO(s)                                                                                   \
  soci::into((s).id), soci::into((s).offer_id), soci::into((s).starts_at), soci::into((s).ends_at),          \
      soci::into((s).capacity), soci::into((s).booked), soci::into((s).opens_at), soci::into((s).closes_at), \
      soci::into((s).cancel_until), soci::into((s).mode), soci::into((s).draw_at), soci::into((s).drawn_at), \
      soci::into((s).allocation_id), soci::into((s).allocation_name), soci::into((s).status),                \
      soci::into((s).cancel_reason), soci::into((s).created_at), soci::into((s).updated_at),                 \
      soci::into((s).group_places), soci::into((s).group_booked)

// The slots a referent sees on an offer's page: open and to come (bound: :now).
const char* kUpcoming = " AND s.status = 'open' AND s.starts_at > :now";

// Bound values of the catalogue's filters, kept alive for the statement.
struct CatalogueParams {
  long long now, from, to;
  int places;
  std::string category, commune;
  int has_words = 0;
  std::string words[5];
  long long delegation;
  int motor = 0, visual = 0, hearing = 0, mental = 0, family;
  long long branch;
  CatalogueParams(const Filter& f, long long from_ts, long long to_ts)
      : now(f.now),
        from(from_ts),
        to(to_ts),
        places(f.with_places ? 1 : 0),
        category(f.category),
        commune(f.commune_code),
        delegation(f.delegation_id),
        family(f.family ? 1 : 0),
        branch(f.branch_id) {
    for (const auto& n : f.needs) {
      if (n == "motor") motor = 1;
      if (n == "visual") visual = 1;
      if (n == "hearing") hearing = 1;
      if (n == "mental") mental = 1;
    }
    // "théâtre ancenis" → "%theatre%", "%ancenis%": every word, in any order (the first five, as in
    // the directory), matched against the offer's and its venue's folded words.
    std::istringstream typed(fold_for_search(f.text));
    std::string word;
    int n = 0;
    while (typed >> word && n < 5) words[n++] = "%" + word + "%";
    has_words = n > 0 ? 1 : 0;
    for (; n < 5; ++n) words[n] = "%";
  }
};

// The slot conditions (s), then the offer conditions (o, v).
const char* kSlotWhere =
    "s.status = 'open' AND s.starts_at >= :now AND s.starts_at >= :fr AND s.starts_at <= :to "
    "AND (:pl = 0 OR s.booked < s.capacity) ";
#define TRAME_SLOT_USE(p) soci::use((p).now), soci::use((p).from), soci::use((p).to), soci::use((p).places)

#define TRAME_OFFER_WORDS "(o.search_text || ' ' || v.search_text)"
// The venue's délégation as every module finds it (organisations::delegation_joins: the commune's EPCI and its
// département).
const std::string kOfferWhere =
    "o.status = 'published' AND (:cat = '' OR o.category = :cat2) AND (:cc = '' OR v.commune_code = :cc2) "
    "AND (:dl = 0 OR EXISTS (SELECT 1 FROM communes dc " +
    organisations::delegation_joins("dc", "de", "dd", false) +
    " WHERE dc.code = v.commune_code AND dd.id = :dl2)) "
    "AND (:mo = 0 OR o.accessibility_motor = 1) AND (:vi = 0 OR o.accessibility_visual = 1) "
    "AND (:he = 0 OR o.accessibility_hearing = 1) AND (:me = 0 OR o.accessibility_mental = 1) "
    "AND (:fa = 0 OR o.family = 1 OR o.audience = 'family') "
    // Every typed word, in the offer's words or its venue's as the directory has them now (a renamed
    // venue is found by its new name at once).
    "AND (:hw = 0 OR (" TRAME_OFFER_WORDS " LIKE :w1 AND " TRAME_OFFER_WORDS " LIKE :w2 AND " TRAME_OFFER_WORDS
    " LIKE :w3 AND " TRAME_OFFER_WORDS " LIKE :w4 AND " TRAME_OFFER_WORDS
    " LIKE :w5)) "
    // A referent's catalogue: offers given to no branch, or to the relais' branch.
    "AND (:br = 0 OR NOT EXISTS (SELECT 1 FROM outing_offer_branches ob WHERE ob.offer_id = o.id) "
    "OR EXISTS (SELECT 1 FROM outing_offer_branches ob2 WHERE ob2.offer_id = o.id AND ob2.branch_id = :br2)) ";
#define TRAME_OFFER_USE(p)                                                                                \
  soci::use((p).category), soci::use((p).category), soci::use((p).commune), soci::use((p).commune),       \
      soci::use((p).delegation), soci::use((p).delegation), soci::use((p).motor), soci::use((p).visual),  \
      soci::use((p).hearing), soci::use((p).mental), soci::use((p).family), soci::use((p).has_words),     \
      soci::use((p).words[0]), soci::use((p).words[1]), soci::use((p).words[2]), soci::use((p).words[3]), \
      soci::use((p).words[4]), soci::use((p).branch), soci::use((p).branch)

// The organisations of délégations and/or branches (in both when both are given) as a subquery, for a
// « column IN (…) »: the délégations' organisations are organisations::delegation_organisations_sql's (the set
// of the directory's scope). Ids only, never user text; at least one list is not empty.
std::string in_scope_sql(soci::session& sql, const std::vector<long long>& delegations,
                         const std::vector<long long>& branches) {
  std::string in_delegations = organisations::delegation_organisations_sql(sql, delegations, "s");
  if (branches.empty()) return in_delegations;
  std::string in_branches = "SELECT sb.id FROM organisations sb WHERE " + store::in_ids(sql, "sb.branch_id", branches);
  if (delegations.empty()) return in_branches;
  return in_branches + " AND sb.id IN (" + in_delegations + ")";
}

// The condition "`column` is one of the editor's venues", as SQL (a list of our own numbers, never user
// text); empty for an editor of every venue, who needs no condition. Callers return nothing at once for
// an editor of no venue.
// A limited coordinator's venues are those of their délégations and/or branches, asked of the database with
// their own organisations, not listed id by id (3,300 ids for a branch at national size).
std::string venue_condition(soci::session& sql, const Editor& e, const char* column) {
  if (e.venues.all) return "";
  if (e.network) {
    std::string in_scope =
        std::string(column) + " IN (" + in_scope_sql(sql, e.scope_delegations, e.scope_branches) + ")";
    if (e.own_venues.empty()) return in_scope;
    return "(" + store::in_ids(sql, column, e.own_venues) + " OR " + in_scope + ")";
  }
  return store::in_ids(sql, column, e.venues.organisations);
}

template <class T, class F>
std::vector<T> fetch_all(soci::statement& st, T& row, F&& fix) {
  st.execute();
  std::vector<T> out;
  while (st.fetch()) {
    fix(row);
    out.push_back(row);
  }
  return out;
}

}  // namespace

long long Repository::insert_offer(soci::session& sql, const Offer& o, const std::string& search_text, long long by) {
  long long id = 0;
  sql << "INSERT INTO outing_offers (venue_id, partner_id, title, category, description, audience, age_min, age_max, "
         "language, conditions, getting_there, at_the_door, family, accessibility_motor, accessibility_visual, "
         "accessibility_hearing, accessibility_mental, accessibility_details, status, search_text, created_at, "
         "created_by, updated_at, on_request) VALUES (:v, :p, :t, :c, :d, :a, :amin, :amax, :l, :co, :g, :ad, :f, :m, "
         ":vi, :h, :me, :acd, :s, :st, :ca, :cb, :u, :r) RETURNING id",
      soci::use(o.venue_id), soci::use(o.partner_id), soci::use(o.title), soci::use(o.category),
      soci::use(o.description), soci::use(o.audience), soci::use(o.age_min), soci::use(o.age_max),
      soci::use(o.language), soci::use(o.conditions), soci::use(o.getting_there), soci::use(o.at_the_door),
      soci::use(o.family), soci::use(o.motor), soci::use(o.visual), soci::use(o.hearing), soci::use(o.mental),
      soci::use(o.accessibility_details), soci::use(o.status), soci::use(search_text), soci::use(o.created_at),
      soci::use(by), soci::use(o.updated_at), soci::use(o.on_request), soci::into(id);
  return id;
}

void Repository::update_offer(soci::session& sql, const Offer& o, const std::string& search_text) {
  sql << "UPDATE outing_offers SET venue_id = :v, partner_id = :p, title = :t, category = :c, description = :d, "
         "audience = :a, age_min = :amin, age_max = :amax, language = :l, conditions = :co, getting_there = :g, "
         "at_the_door = :ad, family = :f, accessibility_motor = :m, accessibility_visual = :vi, "
         "accessibility_hearing = :h, accessibility_mental = :me, accessibility_details = :acd, search_text = :st, "
         "updated_at = :u, on_request = :r WHERE id = :id",
      soci::use(o.venue_id), soci::use(o.partner_id), soci::use(o.title), soci::use(o.category),
      soci::use(o.description), soci::use(o.audience), soci::use(o.age_min), soci::use(o.age_max),
      soci::use(o.language), soci::use(o.conditions), soci::use(o.getting_there), soci::use(o.at_the_door),
      soci::use(o.family), soci::use(o.motor), soci::use(o.visual), soci::use(o.hearing), soci::use(o.mental),
      soci::use(o.accessibility_details), soci::use(search_text), soci::use(o.updated_at), soci::use(o.on_request),
      soci::use(o.id);
}

bool Repository::change_offer_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                                     long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_offers SET status = :to, updated_at = :u WHERE id = :id "
                                       "AND status = :from",
                        soci::use(to), soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Offer> Repository::find_offer(soci::session& sql, long long id) {
  Offer o;
  sql << std::string(kOfferSelect) + "WHERE o.id = :id", TRAME_OFFER_INTO(o), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  o.venue.id = o.venue_id;
  return o;
}

void Repository::save_image(soci::session& sql, long long id, const std::string& type, const std::string& bytes,
                            const std::string& card_type, const std::string& card_bytes, long long now) {
  std::string hex = store::to_hex(bytes);
  std::string card_hex = store::to_hex(card_bytes);
  sql << "UPDATE outing_offers SET image_type = :t, image_data = decode(:d, 'hex'), card_type = :ct, "
         "card_data = decode(:cd, 'hex'), updated_at = :u WHERE id = :id",
      soci::use(type), soci::use(hex), soci::use(card_type), soci::use(card_hex), soci::use(now), soci::use(id);
}

std::optional<Image> Repository::card(soci::session& sql, long long id) {
  Image img;
  std::string data;
  sql << "SELECT card_type, encode(card_data, 'hex') FROM outing_offers WHERE id = :id AND image_type <> ''",
      soci::into(img.content_type), soci::into(data), soci::use(id);
  if (!sql.got_data() || img.content_type.empty()) return std::nullopt;
  img.bytes = store::from_hex(data);
  return img;
}

void Repository::save_card(soci::session& sql, long long id, const std::string& type, const std::string& bytes) {
  std::string hex = store::to_hex(bytes);
  sql << "UPDATE outing_offers SET card_type = :t, card_data = decode(:d, 'hex') WHERE id = :id AND card_type = ''",
      soci::use(type), soci::use(hex), soci::use(id);
}

std::optional<Image> Repository::image(soci::session& sql, long long id) {
  Image img;
  std::string data;
  sql << "SELECT image_type, encode(image_data, 'hex') FROM outing_offers WHERE id = :id", soci::into(img.content_type),
      soci::into(data), soci::use(id);
  if (!sql.got_data() || img.content_type.empty()) return std::nullopt;
  img.bytes = store::from_hex(data);
  return img;
}

std::vector<Offer> Repository::editable_offers(soci::session& sql, const Editor& e, long long offset, long long limit) {
  if (e.venues.none()) return {};
  std::string venues = venue_condition(sql, e, "o.venue_id");
  Offer o;
  soci::statement st = (sql.prepare << std::string(kOfferSelect) + (venues.empty() ? "" : "WHERE " + venues) +
                                           " ORDER BY o.updated_at DESC, o.id DESC LIMIT :l OFFSET :off",
                        TRAME_OFFER_INTO(o), soci::use(limit), soci::use(offset));
  return fetch_all(st, o, [](Offer& x) { x.venue.id = x.venue_id; });
}

long long Repository::count_editable_offers(soci::session& sql, const Editor& e) {
  if (e.venues.none()) return 0;
  std::string venues = venue_condition(sql, e, "o.venue_id");
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_offers o" + (venues.empty() ? "" : " WHERE " + venues),
      soci::into(n);
  return n;
}

std::vector<Offer> Repository::catalogue(soci::session& sql, const Filter& f, long long from_ts, long long to_ts,
                                         long long offset, long long limit) {
  CatalogueParams p(f, from_ts, to_ts);
  Offer o;
  long long next_at = 0;
  std::string q = std::string(kOfferSelect);
  // The offer's next matching slot orders the page; one query for the page.
  // An offer « sur demande » (on_request) is listed without slots, after those with slots.
  q.insert(q.find(" FROM outing_offers"), ", COALESCE(MIN(s.starts_at), 4102444800)");
  q += "LEFT JOIN outing_slots s ON s.offer_id = o.id AND " + std::string(kSlotWhere) + "WHERE " + kOfferWhere +
       "AND (s.id IS NOT NULL OR o.on_request = 1) "
       "GROUP BY o.id, v.id, c.code ORDER BY COALESCE(MIN(s.starts_at), 4102444800), o.id LIMIT :l OFFSET :off";
  soci::statement st = (sql.prepare << q, TRAME_OFFER_INTO(o), soci::into(next_at), TRAME_SLOT_USE(p),
                        TRAME_OFFER_USE(p), soci::use(limit), soci::use(offset));
  return fetch_all(st, o, [](Offer& x) { x.venue.id = x.venue_id; });
}

long long Repository::count_catalogue(soci::session& sql, const Filter& f, long long from_ts, long long to_ts) {
  CatalogueParams p(f, from_ts, to_ts);
  long long n = 0;
  sql << std::string(
             "SELECT CAST(COUNT(DISTINCT o.id) AS BIGINT) FROM outing_offers o JOIN organisations v ON v.id = "
             "o.venue_id LEFT JOIN outing_slots s ON s.offer_id = o.id AND ") +
             kSlotWhere + "WHERE " + kOfferWhere + "AND (s.id IS NOT NULL OR o.on_request = 1)",
      TRAME_SLOT_USE(p), TRAME_OFFER_USE(p), soci::into(n);
  return n;
}

std::vector<Slot> Repository::catalogue_slots(soci::session& sql, const std::vector<long long>& offer_ids,
                                              const Filter& f, long long from_ts, long long to_ts) {
  if (offer_ids.empty()) return {};
  CatalogueParams p(f, from_ts, to_ts);
  Slot s;
  soci::statement st =
      (sql.prepare << std::string(kSlotSelect) + "WHERE " + store::in_ids(sql, "s.offer_id", offer_ids) + " AND " +
                          kSlotWhere + "ORDER BY s.offer_id, s.starts_at, s.id",
       TRAME_SLOT_INTO(s), TRAME_SLOT_USE(p));
  return fetch_all(st, s, [](Slot&) {});
}

std::optional<Venue> Repository::venue(soci::session& sql, long long organisation_id) {
  Venue v;
  sql << "SELECT v.id, v.name, v.address, COALESCE(v.commune_code, ''), COALESCE(c.name, ''), v.access_motor, "
         "v.access_visual, v.access_hearing, v.access_mental, v.accessibility_note FROM organisations v "
         "LEFT JOIN communes c ON c.code = v.commune_code WHERE v.id = :id AND v.status = 'active'",
      soci::into(v.id), soci::into(v.name), soci::into(v.address), soci::into(v.commune_code), soci::into(v.commune),
      soci::into(v.motor), soci::into(v.visual), soci::into(v.hearing), soci::into(v.mental),
      soci::into(v.accessibility_note), soci::use(organisation_id);
  if (!sql.got_data()) return std::nullopt;
  return v;
}

namespace {
std::vector<Choice> choices(soci::session& sql, const std::string& q) {
  long long id = 0;
  std::string name;
  soci::statement st = (sql.prepare << q, soci::into(id), soci::into(name));
  st.execute();
  std::vector<Choice> out;
  while (st.fetch()) out.push_back({std::to_string(id), name});
  return out;
}
}  // namespace

std::vector<Choice> Repository::venue_choices(soci::session& sql, const Editor& e) {
  // Venues: organisations that host the public (not social relais, funders or certifiers).
  if (e.venues.none()) return {};
  std::string venues = venue_condition(sql, e, "id");
  return choices(
      sql, "SELECT id, name FROM organisations WHERE status = 'active'" + (venues.empty() ? "" : " AND " + venues) +
               (e.venues.all || e.network ? " AND kind IN ('cultural','sport','leisure','authority','funder')" : "") +
               " ORDER BY lower(name), id");
}

std::vector<Choice> Repository::social_choices(soci::session& sql) {
  return choices(sql,
                 "SELECT id, name FROM organisations WHERE status = 'active' AND kind = 'social' "
                 "ORDER BY lower(name), id");
}

std::vector<Choice> Repository::delegation_choices(soci::session& sql) {
  return choices(sql, "SELECT id, name FROM delegations ORDER BY lower(name), id");
}

std::vector<Choice> Repository::communes_with_offers(soci::session& sql) {
  std::string code, name;
  soci::statement st = (sql.prepare << "SELECT DISTINCT c.code, c.name FROM outing_offers o JOIN organisations v ON "
                                       "v.id = o.venue_id JOIN communes c ON c.code = v.commune_code WHERE o.status = "
                                       "'published' ORDER BY c.name, c.code",
                        soci::into(code), soci::into(name));
  st.execute();
  std::vector<Choice> out;
  while (st.fetch()) out.push_back({code, name});
  return out;
}

long long Repository::insert_slot(soci::session& sql, const Slot& s) {
  long long id = 0;
  soci::indicator ind = s.allocation_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO outing_slots (offer_id, starts_at, ends_at, capacity, opens_at, closes_at, cancel_until, mode, "
         "draw_at, allocation_id, status, created_at, updated_at, group_places) VALUES (:o, :s, :e, :c, :op, :cl, :cu, "
         ":m, :d, :a, 'open', :ca, :u, :g) RETURNING id",
      soci::use(s.offer_id), soci::use(s.starts_at), soci::use(s.ends_at), soci::use(s.capacity), soci::use(s.opens_at),
      soci::use(s.closes_at), soci::use(s.cancel_until), soci::use(s.mode), soci::use(s.draw_at),
      soci::use(s.allocation_id, ind), soci::use(s.created_at), soci::use(s.updated_at), soci::use(s.group_places),
      soci::into(id);
  return id;
}

bool Repository::update_slot(soci::session& sql, const Slot& s) {
  soci::indicator ind = s.allocation_id ? soci::i_ok : soci::i_null;
  // Conditional: the new capacity still holds the places booked at this very moment, and the slot is open.
  soci::statement st =
      (sql.prepare << "UPDATE outing_slots SET starts_at = :s, ends_at = :e, capacity = :c, opens_at = :op, "
                      "closes_at = :cl, cancel_until = :cu, mode = :m, draw_at = :d, allocation_id = :a, "
                      "updated_at = :u, group_places = :g WHERE id = :id AND booked <= :c2 AND group_booked <= :g2 "
                      "AND status = 'open'",
       soci::use(s.starts_at), soci::use(s.ends_at), soci::use(s.capacity), soci::use(s.opens_at),
       soci::use(s.closes_at), soci::use(s.cancel_until), soci::use(s.mode), soci::use(s.draw_at),
       soci::use(s.allocation_id, ind), soci::use(s.updated_at), soci::use(s.group_places), soci::use(s.id),
       soci::use(s.capacity), soci::use(s.group_places));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Slot> Repository::find_slot(soci::session& sql, long long id) {
  Slot s;
  sql << std::string(kSlotSelect) + "WHERE s.id = :id", TRAME_SLOT_INTO(s), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::vector<Slot> Repository::slots_of(soci::session& sql, long long offer_id, bool upcoming_only, long long now,
                                       long long offset, long long limit) {
  Slot s;
  const std::string order = " ORDER BY s.starts_at, s.id LIMIT :l OFFSET :off";
  if (!upcoming_only) {
    soci::statement st = (sql.prepare << std::string(kSlotSelect) + "WHERE s.offer_id = :o" + order, TRAME_SLOT_INTO(s),
                          soci::use(offer_id), soci::use(limit), soci::use(offset));
    return fetch_all(st, s, [](Slot&) {});
  }
  soci::statement st = (sql.prepare << std::string(kSlotSelect) + "WHERE s.offer_id = :o" + kUpcoming + order,
                        TRAME_SLOT_INTO(s), soci::use(offer_id), soci::use(now), soci::use(limit), soci::use(offset));
  return fetch_all(st, s, [](Slot&) {});
}

long long Repository::count_slots_of(soci::session& sql, long long offer_id, bool upcoming_only, long long now) {
  long long n = 0;
  const std::string count = "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_slots s WHERE s.offer_id = :o";
  if (upcoming_only) sql << count + kUpcoming, soci::use(offer_id), soci::use(now), soci::into(n);
  else sql << count, soci::use(offer_id), soci::into(n);
  return n;
}

long long Repository::insert_allocation(soci::session& sql, const Allocation& a, long long by) {
  long long id = 0;
  sql << "INSERT INTO outing_allocations (name, donor, description, places, starts_on, ends_on, status, created_at, "
         "created_by, updated_at, day_rules, zone, branch_id) VALUES (:n, :d, :de, :p, :s, :e, :st, :c, :b, :u, :r, "
         ":z, "
         "NULLIF(:br, 0)) RETURNING id",
      soci::use(a.name), soci::use(a.donor), soci::use(a.description), soci::use(a.places), soci::use(a.starts_on),
      soci::use(a.ends_on), soci::use(a.status), soci::use(a.created_at), soci::use(by), soci::use(a.updated_at),
      soci::use(a.day_rules), soci::use(a.zone), soci::use(a.branch_id), soci::into(id);
  return id;
}

bool Repository::update_allocation(soci::session& sql, const Allocation& a) {
  soci::statement st =
      (sql.prepare << "UPDATE outing_allocations SET name = :n, donor = :d, description = :de, "
                      "places = :p, starts_on = :s, ends_on = :e, status = :st, updated_at = :u, "
                      "day_rules = :r, zone = :z, branch_id = NULLIF(:br, 0) WHERE id = :id AND "
                      "assigned <= :p2",
       soci::use(a.name), soci::use(a.donor), soci::use(a.description), soci::use(a.places), soci::use(a.starts_on),
       soci::use(a.ends_on), soci::use(a.status), soci::use(a.updated_at), soci::use(a.day_rules), soci::use(a.zone),
       soci::use(a.branch_id), soci::use(a.id), soci::use(a.places));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

namespace {
const char* kAllocationSelect =
    "SELECT id, name, donor, description, places, assigned, starts_on, ends_on, status, created_at, updated_at, "
    "day_rules, zone, COALESCE(branch_id, 0), COALESCE((SELECT b.name FROM network_branches b WHERE b.id = "
    "outing_allocations.branch_id), '') FROM outing_allocations ";
#define TRAME_ALLOCATION_INTO(a)                                                                                 \
  soci::into((a).id), soci::into((a).name), soci::into((a).donor), soci::into((a).description),                  \
      soci::into((a).places), soci::into((a).assigned), soci::into((a).starts_on), soci::into((a).ends_on),      \
      soci::into((a).status), soci::into((a).created_at), soci::into((a).updated_at), soci::into((a).day_rules), \
      soci::into((a).zone), soci::into((a).branch_id), soci::into((a).branch_name)

// The allocations a branch coordinator sees: the network's and their branches' (our own numbers).
std::string allocations_seen(soci::session& sql, const std::vector<long long>& branches) {
  if (branches.empty()) return "";
  return "WHERE (branch_id IS NULL OR " + store::in_ids(sql, "branch_id", branches) + ") ";
}
}  // namespace

std::optional<Allocation> Repository::find_allocation(soci::session& sql, long long id) {
  Allocation a;
  sql << std::string(kAllocationSelect) + "WHERE id = :id", TRAME_ALLOCATION_INTO(a), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

std::vector<Allocation> Repository::allocations(soci::session& sql, const std::vector<long long>& branches,
                                                long long offset, long long limit) {
  Allocation a;
  soci::statement st = (sql.prepare << std::string(kAllocationSelect) + allocations_seen(sql, branches) +
                                           "ORDER BY status, starts_on DESC, id DESC LIMIT :l OFFSET :off",
                        TRAME_ALLOCATION_INTO(a), soci::use(limit), soci::use(offset));
  return fetch_all(st, a, [](Allocation&) {});
}

long long Repository::count_allocations(soci::session& sql, const std::vector<long long>& branches) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_allocations " + allocations_seen(sql, branches), soci::into(n);
  return n;
}

long long Repository::allocation_by_name(soci::session& sql, const std::string& name) const {
  long long id = 0;
  sql << "SELECT id FROM outing_allocations WHERE lower(name) = lower(:n)", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0LL;
}

long long Repository::organisation_by_name(soci::session& sql, const std::string& name) const {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n ORDER BY id LIMIT 1", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0LL;
}

std::vector<Allocation> Repository::active_allocations(soci::session& sql) {
  Allocation a;
  soci::statement st = (sql.prepare << std::string(kAllocationSelect) + "WHERE status = 'active' ORDER BY lower(name)",
                        TRAME_ALLOCATION_INTO(a));
  return fetch_all(st, a, [](Allocation&) {});
}

bool Repository::allocation_name_taken(soci::session& sql, const std::string& name, long long except_id) {
  // Compared folded (accents and case), so that "TOUS AU CINÉMA" is "Tous au cinéma".
  std::string folded = fold_for_search(name), other;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id, name FROM outing_allocations", soci::into(id), soci::into(other));
  st.execute();
  while (st.fetch())
    if (id != except_id && fold_for_search(other) == folded) return true;
  return false;
}

bool Repository::assign(soci::session& sql, long long allocation_id, long long n) {
  soci::statement st = (sql.prepare << "UPDATE outing_allocations SET assigned = assigned + :n WHERE id = :id "
                                       "AND status = 'active' AND assigned + :n2 <= places",
                        soci::use(n), soci::use(allocation_id), soci::use(n));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::release(soci::session& sql, long long allocation_id, long long n) {
  sql << "UPDATE outing_allocations SET assigned = CASE WHEN assigned >= :n THEN assigned - :n2 ELSE 0 END "
         "WHERE id = :id",
      soci::use(n), soci::use(n), soci::use(allocation_id);
}

void Repository::fill_use(soci::session& sql, Allocation& a) {
  long long booked = 0, used = 0, no_show = 0;
  sql << "SELECT CAST(COALESCE(SUM(CASE WHEN b.status IN ('offered','confirmed') THEN b.places ELSE 0 END), 0) AS "
         "BIGINT), CAST(COALESCE(SUM(CASE WHEN b.status = 'used' THEN b.places ELSE 0 END), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN b.status = 'no_show' THEN b.places ELSE 0 END), 0) AS BIGINT) "
         "FROM bookings b JOIN outing_slots s ON s.id = b.slot_id WHERE s.allocation_id = :a",
      soci::into(booked), soci::into(used), soci::into(no_show), soci::use(a.id);
  a.booked = booked;
  a.used = used;
  a.no_show = no_show;
}

std::vector<Slot> Repository::allocation_slots(soci::session& sql, long long allocation_id, long long offset,
                                               long long limit) {
  Slot s;
  soci::statement st = (sql.prepare << std::string(kSlotSelect) +
                                           "WHERE s.allocation_id = :a ORDER BY s.starts_at, s.id LIMIT :l OFFSET :off",
                        TRAME_SLOT_INTO(s), soci::use(allocation_id), soci::use(limit), soci::use(offset));
  return fetch_all(st, s, [](Slot&) {});
}

std::vector<Slot> Repository::upcoming_allocation_slots(soci::session& sql, long long allocation_id, long long now) {
  Slot s;
  soci::statement st = (sql.prepare << std::string(kSlotSelect) +
                                           "WHERE s.allocation_id = :a AND s.status = 'open' AND s.starts_at > :now "
                                           "ORDER BY s.starts_at, s.id",
                        TRAME_SLOT_INTO(s), soci::use(allocation_id), soci::use(now));
  return fetch_all(st, s, [](Slot&) {});
}

long long Repository::count_allocation_slots(soci::session& sql, long long allocation_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_slots WHERE allocation_id = :a", soci::use(allocation_id),
      soci::into(n);
  return n;
}

std::vector<Target> Repository::targets(soci::session& sql, long long allocation_id) {
  Target t;
  soci::statement st =
      (sql.prepare << "SELECT t.id, t.allocation_id, COALESCE(t.organisation_id, 0), COALESCE(t.delegation_id, 0), "
                      "COALESCE(o.name, d.name, ''), t.quota, t.used FROM outing_allocation_targets t "
                      "LEFT JOIN organisations o ON o.id = t.organisation_id LEFT JOIN delegations d ON d.id = "
                      "t.delegation_id WHERE t.allocation_id = :a ORDER BY t.id",
       soci::into(t.id), soci::into(t.allocation_id), soci::into(t.organisation_id), soci::into(t.delegation_id),
       soci::into(t.name), soci::into(t.quota), soci::into(t.used), soci::use(allocation_id));
  return fetch_all(st, t, [](Target&) {});
}

bool Repository::delete_unused_target(soci::session& sql, long long target_id) {
  soci::statement st = (sql.prepare << "DELETE FROM outing_allocation_targets WHERE id = :t AND NOT EXISTS "
                                       "(SELECT 1 FROM bookings WHERE allocation_target_id = :t2)",
                        soci::use(target_id), soci::use(target_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::target_exists(soci::session& sql, long long allocation_id, long long organisation_id,
                               long long delegation_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_allocation_targets WHERE allocation_id = :a AND "
         "COALESCE(organisation_id, 0) = :o AND COALESCE(delegation_id, 0) = :d",
      soci::use(allocation_id), soci::use(organisation_id), soci::use(delegation_id), soci::into(n);
  return n > 0;
}

long long Repository::insert_target(soci::session& sql, const Target& t) {
  long long id = 0;
  soci::indicator oi = t.organisation_id ? soci::i_ok : soci::i_null;
  soci::indicator di = t.delegation_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO outing_allocation_targets (allocation_id, organisation_id, delegation_id, quota) "
         "VALUES (:a, :o, :d, :q) RETURNING id",
      soci::use(t.allocation_id), soci::use(t.organisation_id, oi), soci::use(t.delegation_id, di), soci::use(t.quota),
      soci::into(id);
  return id;
}

std::optional<std::string> Repository::organisation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id AND status = 'active'", soci::into(name), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

std::optional<std::string> Repository::delegation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM delegations WHERE id = :id", soci::into(name), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

std::vector<Quote> Repository::published_quotes(soci::session& sql, long long offer_id, long long limit) {
  Quote q;
  soci::statement st = (sql.prepare << "SELECT f.reaction, f.quote FROM outing_feedback f JOIN bookings b ON b.id = "
                                       "f.booking_id JOIN outing_slots s ON s.id = b.slot_id WHERE s.offer_id = :o "
                                       "AND f.quote_published = 1 ORDER BY f.recorded_at DESC LIMIT :l",
                        soci::into(q.reaction), soci::into(q.quote), soci::use(offer_id), soci::use(limit));
  return fetch_all(st, q, [](Quote&) {});
}

long long Repository::count_offers_titled(soci::session& sql, const std::string& title, long long venue_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_offers WHERE title = :t AND venue_id = :v", soci::use(title),
      soci::use(venue_id), soci::into(n);
  return n;
}

void Repository::give_to_venue_branch(soci::session& sql, long long offer_id, long long venue_id) {
  sql << "INSERT INTO outing_offer_branches (offer_id, branch_id) SELECT :o, branch_id FROM organisations WHERE id = "
         ":v "
         "AND branch_id IS NOT NULL",
      soci::use(offer_id), soci::use(venue_id);
}

long long Repository::booking_branch(soci::session& sql, long long user_id) {
  long long branch = 0;
  soci::indicator ind = soci::i_ok;
  if (!store::prepared(sql,
                       "SELECT o.branch_id FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
                       "WHERE m.user_id = :u AND m.role = 'referent' ORDER BY m.id LIMIT 1",
                       soci::use(user_id), soci::into(branch, ind))
           .got_data)
    return -1;
  return ind == soci::i_ok ? branch : 0;  // a relais in no branch is not limited by branches
}

long long Repository::catalogue_version(soci::session& sql) {
  long long version = 0;
  store::prepared(sql, "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM catalogue_versions", soci::into(version));
  return version;
}

long long Repository::next_open_slot_start(soci::session& sql, long long now) {
  long long at = 0;
  soci::indicator ind = soci::i_ok;
  store::prepared(sql, "SELECT MIN(starts_at) FROM outing_slots WHERE starts_at >= :now AND status = 'open'",
                  soci::into(at, ind), soci::use(now));
  return ind == soci::i_ok ? at : 4102444800LL;
}

std::vector<std::pair<long long, std::string>> Repository::offer_branches(soci::session& sql, long long offer_id) {
  long long id = 0;
  std::string name;
  soci::statement st = (sql.prepare << "SELECT b.id, b.name FROM outing_offer_branches ob JOIN network_branches b ON "
                                       "b.id = ob.branch_id WHERE ob.offer_id = :o ORDER BY b.name, b.id",
                        soci::into(id), soci::into(name), soci::use(offer_id));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

long long Repository::organisation_branch(soci::session& sql, long long organisation_id) {
  long long branch = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT branch_id FROM organisations WHERE id = :v", soci::use(organisation_id), soci::into(branch, ind);
  return sql.got_data() && ind == soci::i_ok ? branch : 0;
}

void Repository::replace_offer_branches(soci::session& sql, long long offer_id,
                                        const std::vector<long long>& branch_ids) {
  sql << "DELETE FROM outing_offer_branches WHERE offer_id = :o", soci::use(offer_id);
  for (long long branch : branch_ids)
    sql << "INSERT INTO outing_offer_branches (offer_id, branch_id) VALUES (:o, :b)", soci::use(offer_id),
        soci::use(branch);
}

}  // namespace trame::offers
