#include "outings/bookings/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "outings/bookings/queue_repository.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/id_list.hpp"
#include "platform/store/prepared.hpp"
#include "platform/store/submissions.hpp"

namespace trame::bookings {

namespace {

// "1,2,3" for an IN list of ids (numbers only, never user text); "0" when empty.
const char* kBeneficiarySelect =
    "SELECT b.id, b.code, b.organisation_id, o.name, b.referent_id, b.age_band, b.household_size, "
    "COALESCE(b.commune_code, ''), COALESCE(c.name, ''), b.in_qpv, b.suspended_until, b.status, b.created_at, "
    "b.updated_at FROM beneficiaries b JOIN organisations o ON o.id = b.organisation_id "
    "LEFT JOIN communes c ON c.code = b.commune_code ";

struct BeneficiaryRow {
  Beneficiary b;
  int qpv = 0;
  Beneficiary get() {
    b.in_qpv = qpv != 0;
    return b;
  }
};

#define TRAME_BENEFICIARY_INTO(r)                                                                                     \
  soci::into((r).b.id), soci::into((r).b.code), soci::into((r).b.organisation_id),                                    \
      soci::into((r).b.organisation_name), soci::into((r).b.referent_id), soci::into((r).b.age_band),                 \
      soci::into((r).b.household_size), soci::into((r).b.commune_code), soci::into((r).b.commune_name),               \
      soci::into((r).qpv), soci::into((r).b.suspended_until), soci::into((r).b.status), soci::into((r).b.created_at), \
      soci::into((r).b.updated_at)

const char* kBookingSelect =
    "SELECT k.id, k.code, k.slot_id, k.kind, CAST(COALESCE(k.beneficiary_id, 0) AS BIGINT), COALESCE(b.code, ''), "
    "k.organisation_id, o.name, k.referent_id, "
    "COALESCE(u.email, ''), k.companions, k.places, k.status, k.cancel_reason, k.cancel_motive, k.cancel_note, "
    "k.needs_motor, k.needs_visual, "
    "k.needs_hearing, k.needs_mental, k.queue_position, k.offer_expires_at, k.checked_in_at, "
    "CAST(COALESCE(k.allocation_target_id, 0) AS BIGINT), k.created_at, k.updated_at "
    "FROM bookings k LEFT JOIN beneficiaries b ON b.id = k.beneficiary_id "
    "JOIN organisations o ON o.id = k.organisation_id "
    "LEFT JOIN users u ON u.id = k.referent_id ";

struct BookingRow {
  Booking k;
  int motor = 0, visual = 0, hearing = 0, mental = 0;
  Booking get() {
    k.needs_motor = motor != 0;
    k.needs_visual = visual != 0;
    k.needs_hearing = hearing != 0;
    k.needs_mental = mental != 0;
    return k;
  }
};

#define TRAME_BOOKING_INTO(r)                                                                                  \
  soci::into((r).k.id), soci::into((r).k.code), soci::into((r).k.slot_id), soci::into((r).k.kind),             \
      soci::into((r).k.beneficiary_id), soci::into((r).k.beneficiary_code), soci::into((r).k.organisation_id), \
      soci::into((r).k.organisation_name), soci::into((r).k.referent_id), soci::into((r).k.referent_email),    \
      soci::into((r).k.companions), soci::into((r).k.places), soci::into((r).k.status),                        \
      soci::into((r).k.cancel_reason), soci::into((r).k.cancel_motive), soci::into((r).k.cancel_note),         \
      soci::into((r).motor), soci::into((r).visual), soci::into((r).hearing), soci::into((r).mental),          \
      soci::into((r).k.queue_position), soci::into((r).k.offer_expires_at), soci::into((r).k.checked_in_at),   \
      soci::into((r).k.allocation_target_id), soci::into((r).k.created_at), soci::into((r).k.updated_at)

long long affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace

bool Repository::beneficiary_code_exists(soci::session& sql, const std::string& code) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM beneficiaries WHERE code = :c", soci::use(code), soci::into(n);
  return n > 0;
}

long long Repository::insert_beneficiary(soci::session& sql, const Beneficiary& b) {
  long long id = 0;
  int qpv = b.in_qpv ? 1 : 0;
  soci::indicator commune_ind = b.commune_code.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, household_size, commune_code, "
         "in_qpv, created_at, updated_at) VALUES (:c, :o, :r, :a, :h, :cc, :q, :t, :t2) RETURNING id",
      soci::use(b.code), soci::use(b.organisation_id), soci::use(b.referent_id), soci::use(b.age_band),
      soci::use(b.household_size), soci::use(b.commune_code, commune_ind), soci::use(qpv), soci::use(b.created_at),
      soci::use(b.updated_at), soci::into(id);
  return id;
}

std::optional<Beneficiary> Repository::find_beneficiary(soci::session& sql, long long id) {
  BeneficiaryRow r;
  static const std::string query = std::string(kBeneficiarySelect) + "WHERE b.id = :id";
  if (!store::prepared(sql, query, TRAME_BENEFICIARY_INTO(r), soci::use(id)).got_data) return std::nullopt;
  return r.get();
}

std::vector<Beneficiary> Repository::beneficiaries(soci::session& sql, const std::vector<long long>& orgs,
                                                   bool active_only, long long offset, long long limit) {
  BeneficiaryRow r;
  std::string where = "WHERE " + store::in_ids(sql, "b.organisation_id", orgs) + " ";
  if (active_only) where += "AND b.status = 'active' ";
  soci::statement st = (sql.prepare << std::string(kBeneficiarySelect) + where +
                                           "ORDER BY b.status, b.created_at DESC, b.id DESC LIMIT :l OFFSET :o",
                        TRAME_BENEFICIARY_INTO(r), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Beneficiary> out;
  while (st.fetch()) out.push_back(r.get());
  return out;
}

long long Repository::count_beneficiaries(soci::session& sql, const std::vector<long long>& orgs, bool active_only) {
  long long n = 0;
  std::string q =
      "SELECT CAST(COUNT(*) AS BIGINT) FROM beneficiaries b WHERE " + store::in_ids(sql, "b.organisation_id", orgs);
  if (active_only) q += " AND b.status = 'active'";
  sql << q, soci::into(n);
  return n;
}

bool Repository::archive_beneficiary(soci::session& sql, long long id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE beneficiaries SET status = 'archived', updated_at = :u "
                                       "WHERE id = :id AND status = 'active'",
                        soci::use(now), soci::use(id));
  return affected(st) == 1;
}

std::optional<Beneficiary> Repository::claim_and_touch_beneficiary(soci::session& sql, const std::string& submission,
                                                                   long long id, long long now, bool& claimed) {
  if (sql.get_backend_name() != "postgresql") {
    claimed = store::claim_submission(sql, submission, now);
    if (!claimed) return std::nullopt;
    return touch_beneficiary(sql, id, now);
  }
  // The claim is store::claim_submission's INSERT; the outer SELECT gives one row even without the
  // beneficiary, so that `claimed` is always known.
  Beneficiary b;
  long long claims = 0;
  soci::indicator found = soci::i_null;
  store::prepared(sql,
                  "WITH claim AS (INSERT INTO form_submissions (token, at) VALUES (:t, :a) ON CONFLICT DO NOTHING "
                  "RETURNING 1), touched AS (UPDATE beneficiaries SET updated_at = :u WHERE id = :id "
                  "AND EXISTS (SELECT 1 FROM claim) RETURNING id, code, organisation_id, household_size, "
                  "suspended_until, status) SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM claim), touched.id, "
                  "COALESCE(touched.code, ''), COALESCE(touched.organisation_id, 0), "
                  "COALESCE(touched.household_size, 0), COALESCE(touched.suspended_until, 0), "
                  "COALESCE(touched.status, '') FROM (SELECT 1) one LEFT JOIN touched ON true",
                  soci::use(submission), soci::use(now), soci::use(now), soci::use(id), soci::into(claims),
                  soci::into(b.id, found), soci::into(b.code), soci::into(b.organisation_id),
                  soci::into(b.household_size), soci::into(b.suspended_until), soci::into(b.status));
  claimed = claims == 1;
  if (!claimed || found != soci::i_ok) return std::nullopt;
  return b;
}

std::optional<Beneficiary> Repository::touch_beneficiary(soci::session& sql, long long id, long long now) {
  Beneficiary b;
  if (!store::prepared(sql,
                       "UPDATE beneficiaries SET updated_at = :u WHERE id = :id RETURNING id, code, organisation_id, "
                       "household_size, suspended_until, status",
                       soci::use(now), soci::use(id), soci::into(b.id), soci::into(b.code),
                       soci::into(b.organisation_id), soci::into(b.household_size), soci::into(b.suspended_until),
                       soci::into(b.status))
           .got_data)
    return std::nullopt;
  return b;
}

void Repository::set_suspension(soci::session& sql, long long id, long long until, long long now) {
  sql << "UPDATE beneficiaries SET suspended_until = :s, updated_at = :u WHERE id = :id", soci::use(until),
      soci::use(now), soci::use(id);
}

std::vector<CommuneChoice> Repository::communes_of_organisation_departement(soci::session& sql,
                                                                            long long organisation_id) {
  CommuneChoice c;
  soci::statement st = (sql.prepare << "SELECT c.code, c.name FROM communes c WHERE c.departement_code = "
                                       "(SELECT c2.departement_code FROM organisations o JOIN communes c2 "
                                       "ON c2.code = o.commune_code WHERE o.id = :o) ORDER BY c.name, c.code",
                        soci::into(c.code), soci::into(c.name), soci::use(organisation_id));
  st.execute();
  std::vector<CommuneChoice> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

bool Repository::commune_exists(soci::session& sql, const std::string& code) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM communes WHERE code = :c", soci::use(code), soci::into(n);
  return n > 0;
}

std::optional<std::string> Repository::organisation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::use(id), soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

Repository::Eligibility Repository::eligibility(soci::session& sql, long long user_id, long long organisation_id,
                                                const std::string& today) {
  Eligibility e;
  long long charters = 0;
  store::prepared(sql,
                  "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships WHERE partner_id = :o "
                  "AND kind = 'social_relay' AND status = 'active' AND charter_signed_on <> '' "
                  "AND charter_signed_on <= :d), "
                  "(SELECT COALESCE(MAX(onboarded_on), '') FROM memberships WHERE user_id = :u "
                  "AND organisation_id = :m AND role = 'referent')",
                  soci::use(organisation_id), soci::use(today), soci::use(user_id), soci::use(organisation_id),
                  soci::into(charters), soci::into(e.onboarded_on));
  e.charter = charters > 0;
  return e;
}

std::string Repository::onboarded_on(soci::session& sql, long long user_id, long long organisation_id) {
  std::string date;
  bool found = store::prepared(sql,
                               "SELECT COALESCE(MAX(onboarded_on), '') FROM memberships WHERE user_id = :u "
                               "AND organisation_id = :o AND role = 'referent'",
                               soci::use(user_id), soci::use(organisation_id), soci::into(date))
                   .got_data;
  return found ? date : std::string();
}

namespace {
const char* kReferentSelect =
    "SELECT m.id, m.user_id, u.name, u.email, m.organisation_id, o.name, m.onboarded_on FROM memberships m "
    "JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id WHERE m.role = 'referent' ";
}

std::vector<ReferentRow> Repository::referents(soci::session& sql, long long offset, long long limit) {
  ReferentRow r;
  soci::statement st =
      (sql.prepare << std::string(kReferentSelect) + "ORDER BY lower(o.name), lower(u.name), m.id LIMIT :l OFFSET :o",
       soci::into(r.membership_id), soci::into(r.user_id), soci::into(r.name), soci::into(r.email),
       soci::into(r.organisation_id), soci::into(r.organisation_name), soci::into(r.onboarded_on), soci::use(limit),
       soci::use(offset));
  st.execute();
  std::vector<ReferentRow> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

long long Repository::count_referents(soci::session& sql) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM memberships WHERE role = 'referent'", soci::into(n);
  return n;
}

std::optional<ReferentRow> Repository::find_referent(soci::session& sql, long long membership_id) {
  ReferentRow r;
  sql << std::string(kReferentSelect) + "AND m.id = :id", soci::into(r.membership_id), soci::into(r.user_id),
      soci::into(r.name), soci::into(r.email), soci::into(r.organisation_id), soci::into(r.organisation_name),
      soci::into(r.onboarded_on), soci::use(membership_id);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

void Repository::set_onboarded(soci::session& sql, long long membership_id, const std::string& date) {
  sql << "UPDATE memberships SET onboarded_on = :d WHERE id = :id", soci::use(date), soci::use(membership_id);
}

namespace {
// A slot's columns (find_slot); the slot is `s`, its offer `f`, the venue `v`.
#define TRAME_SLOT_COLUMNS                                                                                    \
  "SELECT s.id, s.offer_id, f.title, f.status, f.family, f.venue_id, f.partner_id, v.name, v.address, "       \
  "COALESCE(c.name, ''), f.accessibility_motor, f.accessibility_visual, f.accessibility_hearing, "            \
  "f.accessibility_mental, f.accessibility_details, f.getting_there, f.at_the_door, s.starts_at, s.ends_at, " \
  "s.capacity, s.booked, s.opens_at, s.closes_at, s.cancel_until, s.mode, s.draw_at, s.drawn_at, "            \
  "CAST(COALESCE(s.allocation_id, 0) AS BIGINT), s.status, s.cancel_reason, s.group_places, s.group_booked "
#define TRAME_SLOT_FROM                                                                                       \
  " FROM outing_slots s JOIN outing_offers f ON f.id = s.offer_id JOIN organisations v ON v.id = f.venue_id " \
  "LEFT JOIN communes c ON c.code = v.commune_code WHERE s.id = :id"

// Reads a slot's columns (TRAME_SLOT_COLUMNS, then `extra` intos and uses) into a Slot.
struct SlotRow {
  Slot s;
  int family = 0, am = 0, av = 0, ah = 0, amen = 0;

  template <class... Extra>
  bool read(soci::session& sql, const std::string& text, Extra&&... extra) {
    return store::prepared(
               sql, text, soci::into(s.id), soci::into(s.offer_id), soci::into(s.offer_title),
               soci::into(s.offer_status), soci::into(family), soci::into(s.venue_id), soci::into(s.partner_id),
               soci::into(s.venue_name), soci::into(s.venue_address), soci::into(s.venue_commune), soci::into(am),
               soci::into(av), soci::into(ah), soci::into(amen), soci::into(s.accessibility_details),
               soci::into(s.getting_there), soci::into(s.at_the_door), soci::into(s.starts_at), soci::into(s.ends_at),
               soci::into(s.capacity), soci::into(s.booked), soci::into(s.opens_at), soci::into(s.closes_at),
               soci::into(s.cancel_until), soci::into(s.mode), soci::into(s.draw_at), soci::into(s.drawn_at),
               soci::into(s.allocation_id), soci::into(s.status), soci::into(s.cancel_reason),
               soci::into(s.group_places), soci::into(s.group_booked), std::forward<Extra>(extra)...)
        .got_data;
  }
  Slot get() {
    s.family = family != 0;
    s.access_motor = am != 0;
    s.access_visual = av != 0;
    s.access_hearing = ah != 0;
    s.access_mental = amen != 0;
    return s;
  }
};
}  // namespace

std::optional<Slot> Repository::find_slot(soci::session& sql, long long id) {
  SlotRow row;
  if (!row.read(sql, TRAME_SLOT_COLUMNS TRAME_SLOT_FROM, soci::use(id))) return std::nullopt;
  return row.get();
}

std::optional<Slot> Repository::find_slot_and_bookings(soci::session& sql, long long id, long long beneficiary_id,
                                                       long long from, long long to, bool& active, long long& between) {
  // The two counts of active_and_between, as two more columns (their uses come before the slot's id).
  SlotRow row;
  long long held = 0, in_month = 0;
  if (!row.read(sql,
                TRAME_SLOT_COLUMNS
                ", (SELECT CAST(COUNT(*) AS BIGINT) FROM bookings WHERE slot_id = s.id AND beneficiary_id = :b "
                "AND status <> 'cancelled'), (SELECT CAST(COUNT(*) AS BIGINT) FROM bookings k JOIN outing_slots ks "
                "ON ks.id = k.slot_id WHERE k.beneficiary_id = :b2 AND k.status <> 'cancelled' "
                "AND ks.starts_at >= :f AND ks.starts_at < :t)" TRAME_SLOT_FROM,
                soci::into(held), soci::into(in_month), soci::use(beneficiary_id), soci::use(beneficiary_id),
                soci::use(from), soci::use(to), soci::use(id)))
    return std::nullopt;
  active = held > 0;
  between = in_month;
  return row.get();
}

std::optional<Repository::SlotOutline> Repository::slot_outline(soci::session& sql, long long slot_id) {
  SlotOutline o;
  if (!store::prepared(sql,
                       "SELECT starts_at, offer_id, CAST(COALESCE(allocation_id, 0) AS BIGINT) FROM outing_slots "
                       "WHERE id = :id",
                       soci::use(slot_id), soci::into(o.starts_at), soci::into(o.offer_id), soci::into(o.allocation_id))
           .got_data)
    return std::nullopt;
  return o;
}

// The only way a place is taken: bounded by the capacity, on an open slot, inside its booking window (its
// uses: places, now, slot, places, now, now).
#define TRAME_TAKE_PLACES                                                                  \
  "UPDATE outing_slots SET booked = booked + :n, updated_at = :u WHERE id = :id "          \
  "AND booked + :n2 <= capacity AND status = 'open' AND opens_at <= :now AND closes_at > " \
  ":now2"

bool Repository::take_places(soci::session& sql, long long slot_id, long long places, long long now) {
  return store::prepared(sql, TRAME_TAKE_PLACES, soci::use(places), soci::use(now), soci::use(slot_id),
                         soci::use(places), soci::use(now), soci::use(now))
             .affected == 1;
}

bool Repository::touch_open_slot(soci::session& sql, long long slot_id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_slots SET updated_at = updated_at WHERE id = :id "
                                       "AND status = 'open' AND opens_at <= :now AND closes_at > :now2",
                        soci::use(slot_id), soci::use(now), soci::use(now));
  return affected(st) == 1;
}

Repository::Taken Repository::take_places_or_queue(soci::session& sql, long long slot_id, long long places,
                                                   long long now) {
  Taken t;
  if (sql.get_backend_name() != "postgresql") {
    t.taken = take_places(sql, slot_id, places, now);
    if (!t.taken) t.next_position = QueueRepository().max_position(sql, slot_id) + 1;
    return t;
  }
  // take_places' UPDATE; the waiting list's end is read only when it took nothing (a one-time filter).
  long long taken = 0, last = 0;
  store::prepared(sql,
                  "WITH took AS (" TRAME_TAKE_PLACES
                  " RETURNING id) SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM took), CAST(COALESCE((SELECT "
                  "MAX(queue_position) FROM bookings WHERE slot_id = :s AND NOT EXISTS (SELECT 1 FROM took)), 0) "
                  "AS BIGINT)",
                  soci::use(places), soci::use(now), soci::use(slot_id), soci::use(places), soci::use(now),
                  soci::use(now), soci::use(slot_id), soci::into(taken), soci::into(last));
  t.taken = taken == 1;
  if (!t.taken) t.next_position = last + 1;
  return t;
}

void Repository::release_places(soci::session& sql, long long slot_id, long long places, long long now) {
  sql << "UPDATE outing_slots SET booked = booked - :n, updated_at = :u WHERE id = :id", soci::use(places),
      soci::use(now), soci::use(slot_id);
}

bool Repository::take_group_places(soci::session& sql, long long slot_id, long long places, long long now) {
  // The slot's seats and its group share in one conditional write, like take_places.
  return store::prepared(sql,
                         "UPDATE outing_slots SET booked = booked + :n, group_booked = group_booked + :n2, "
                         "updated_at = :u WHERE id = :id AND booked + :n3 <= capacity "
                         "AND group_booked + :n4 <= group_places AND status = 'open' AND opens_at <= :now "
                         "AND closes_at > :now2",
                         soci::use(places), soci::use(places), soci::use(now), soci::use(slot_id), soci::use(places),
                         soci::use(places), soci::use(now), soci::use(now))
             .affected == 1;
}

void Repository::release_group_places(soci::session& sql, long long slot_id, long long places) {
  sql << "UPDATE outing_slots SET group_booked = group_booked - :n WHERE id = :id AND group_booked >= :n2",
      soci::use(places), soci::use(slot_id), soci::use(places);
}

void Repository::insert_group(soci::session& sql, long long booking_id, const GroupCounts& g) {
  sql << "INSERT INTO outing_booking_groups (booking_id, age_0_5, age_6_11, age_12_17, age_18_25, age_26_59, "
         "age_60_plus, staff, needs, arrived) VALUES (:b, :a0, :a1, :a2, :a3, :a4, :a5, :st, :ne, 0)",
      soci::use(booking_id), soci::use(g.ages[0]), soci::use(g.ages[1]), soci::use(g.ages[2]), soci::use(g.ages[3]),
      soci::use(g.ages[4]), soci::use(g.ages[5]), soci::use(g.staff), soci::use(g.needs);
}

std::optional<GroupCounts> Repository::find_group(soci::session& sql, long long booking_id) {
  GroupCounts g;
  sql << "SELECT age_0_5, age_6_11, age_12_17, age_18_25, age_26_59, age_60_plus, staff, needs, arrived "
         "FROM outing_booking_groups WHERE booking_id = :b",
      soci::into(g.ages[0]), soci::into(g.ages[1]), soci::into(g.ages[2]), soci::into(g.ages[3]), soci::into(g.ages[4]),
      soci::into(g.ages[5]), soci::into(g.staff), soci::into(g.needs), soci::into(g.arrived), soci::use(booking_id);
  if (!sql.got_data()) return std::nullopt;
  return g;
}

void Repository::set_group_arrived(soci::session& sql, long long booking_id, long long arrived) {
  sql << "UPDATE outing_booking_groups SET arrived = :a WHERE booking_id = :b", soci::use(arrived),
      soci::use(booking_id);
}

bool Repository::take_share(soci::session& sql, long long slot_id, long long organisation_id, long long places,
                            long long limit) {
  sql << "INSERT INTO outing_slot_shares (slot_id, organisation_id, places) VALUES (:s, :o, 0) "
         "ON CONFLICT (slot_id, organisation_id) DO NOTHING",
      soci::use(slot_id), soci::use(organisation_id);
  soci::statement st =
      (sql.prepare << "UPDATE outing_slot_shares SET places = places + :n WHERE slot_id = :s "
                      "AND organisation_id = :o AND places + :n2 <= :lim",
       soci::use(places), soci::use(slot_id), soci::use(organisation_id), soci::use(places), soci::use(limit));
  return affected(st) == 1;
}

void Repository::release_share(soci::session& sql, long long slot_id, long long organisation_id, long long places) {
  sql << "UPDATE outing_slot_shares SET places = places - :n WHERE slot_id = :s AND organisation_id = :o "
         "AND places >= :n2",
      soci::use(places), soci::use(slot_id), soci::use(organisation_id), soci::use(places);
}

std::optional<long long> Repository::allocation_target_for(soci::session& sql, long long allocation_id,
                                                           long long organisation_id) {
  long long targets = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_allocation_targets WHERE allocation_id = :a",
      soci::use(allocation_id), soci::into(targets);
  if (targets == 0) return 0LL;
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MIN(id), 0) AS BIGINT) FROM outing_allocation_targets WHERE allocation_id = :a "
         "AND organisation_id = :o",
      soci::use(allocation_id), soci::use(organisation_id), soci::into(id);
  if (id) return id;
  // The relais's délégation, through its commune's EPCI.
  sql << "SELECT CAST(COALESCE(MIN(t.id), 0) AS BIGINT) FROM organisations o JOIN communes c ON c.code = "
         "o.commune_code " +
             organisations::delegation_joins("c", "de", "d", false) +
             " JOIN outing_allocation_targets t ON t.delegation_id = d.id WHERE t.allocation_id = :a AND o.id = :o",
      soci::use(allocation_id), soci::use(organisation_id), soci::into(id);
  if (id) return id;
  return std::nullopt;
}

bool Repository::take_target(soci::session& sql, long long target_id, long long places) {
  soci::statement st = (sql.prepare << "UPDATE outing_allocation_targets SET used = used + :n WHERE id = :id "
                                       "AND (quota = 0 OR used + :n2 <= quota)",
                        soci::use(places), soci::use(target_id), soci::use(places));
  return affected(st) == 1;
}

void Repository::release_target(soci::session& sql, long long target_id, long long places) {
  sql << "UPDATE outing_allocation_targets SET used = used - :n WHERE id = :id AND used >= :n2", soci::use(places),
      soci::use(target_id), soci::use(places);
}

bool Repository::cancel_slot(soci::session& sql, long long slot_id, const std::string& reason, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_slots SET status = 'cancelled', cancel_reason = :r, "
                                       "updated_at = :u WHERE id = :id AND status = 'open'",
                        soci::use(reason), soci::use(now), soci::use(slot_id));
  return affected(st) == 1;
}

bool Repository::add_capacity(soci::session& sql, long long slot_id, long long n, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_slots SET capacity = capacity + :n, updated_at = :u "
                                       "WHERE id = :id AND status = 'open'",
                        soci::use(n), soci::use(now), soci::use(slot_id));
  return affected(st) == 1;
}

bool Repository::assign_allocation(soci::session& sql, long long allocation_id, long long n, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_allocations SET assigned = assigned + :n, updated_at = :u "
                                       "WHERE id = :id AND assigned + :n2 <= places",
                        soci::use(n), soci::use(now), soci::use(allocation_id), soci::use(n));
  return affected(st) == 1;
}

void Repository::release_allocation(soci::session& sql, long long allocation_id, long long n, long long now) {
  sql << "UPDATE outing_allocations SET assigned = CASE WHEN assigned >= :n THEN assigned - :n2 ELSE 0 END, "
         "updated_at = :u WHERE id = :id",
      soci::use(n), soci::use(n), soci::use(now), soci::use(allocation_id);
}

std::pair<bool, long long> Repository::active_and_between(soci::session& sql, long long slot_id,
                                                          long long beneficiary_id, long long from, long long to) {
  long long active = 0, between = 0;
  store::prepared(sql,
                  "SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM bookings WHERE slot_id = :s AND beneficiary_id = :b "
                  "AND status <> 'cancelled'), (SELECT CAST(COUNT(*) AS BIGINT) FROM bookings k JOIN outing_slots s "
                  "ON s.id = k.slot_id WHERE k.beneficiary_id = :b2 AND k.status <> 'cancelled' AND s.starts_at >= :f "
                  "AND s.starts_at < :t)",
                  soci::use(slot_id), soci::use(beneficiary_id), soci::use(beneficiary_id), soci::use(from),
                  soci::use(to), soci::into(active), soci::into(between));
  return {active > 0, between};
}

long long Repository::count_no_shows_since(soci::session& sql, long long beneficiary_id, long long since) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings k JOIN outing_slots s ON s.id = k.slot_id "
         "WHERE k.beneficiary_id = :b AND k.status = 'no_show' AND s.starts_at >= :f",
      soci::use(beneficiary_id), soci::use(since), soci::into(n);
  return n;
}

namespace {
// The insert of a booking, with what `text` has after the VALUES (kInsertBooking).
long long insert_booking_row(soci::session& sql, const Booking& b, const std::string& text) {
  long long id = 0;
  int m = b.needs_motor, v = b.needs_visual, h = b.needs_hearing, me = b.needs_mental;
  soci::indicator target_ind = b.allocation_target_id ? soci::i_ok : soci::i_null;
  soci::indicator beneficiary_ind = b.beneficiary_id ? soci::i_ok : soci::i_null;  // a group has none
  bool inserted = store::prepared(sql, text, soci::use(b.code), soci::use(b.slot_id), soci::use(b.kind),
                                  soci::use(b.beneficiary_id, beneficiary_ind), soci::use(b.organisation_id),
                                  soci::use(b.referent_id), soci::use(b.companions), soci::use(b.places),
                                  soci::use(b.status), soci::use(m), soci::use(v), soci::use(h), soci::use(me),
                                  soci::use(b.queue_position), soci::use(b.allocation_target_id, target_ind),
                                  soci::use(b.created_at), soci::use(b.updated_at), soci::into(id))
                      .got_data;
  return inserted ? id : 0;
}

const char* kInsertBooking =
    "INSERT INTO bookings (code, slot_id, kind, beneficiary_id, organisation_id, referent_id, companions, places, "
    "status, needs_motor, needs_visual, needs_hearing, needs_mental, queue_position, allocation_target_id, "
    "created_at, updated_at) VALUES (:c, :s, :k, :b, :o, :r, :cp, :p, :st, :m, :v, :h, :me, :q, :t, :ca, :ua) ";
}  // namespace

long long Repository::insert_booking(soci::session& sql, const Booking& b) {
  static const std::string text = std::string(kInsertBooking) + "RETURNING id";
  return insert_booking_row(sql, b, text);
}

long long Repository::insert_booking_unless_code_taken(soci::session& sql, const Booking& b) {
  // Only the code's conflict is let through: any other unique index (one active booking per
  // beneficiary and slot) still throws.
  static const std::string text = std::string(kInsertBooking) + "ON CONFLICT (code) DO NOTHING RETURNING id";
  return insert_booking_row(sql, b, text);
}

long long Repository::insert_booking_with_event_unless_code_taken(soci::session& sql, const Booking& b,
                                                                  long long actor_id, const std::string& actor_label) {
  if (sql.get_backend_name() != "postgresql") {
    long long id = insert_booking_unless_code_taken(sql, b);
    if (id) insert_event(sql, id, b.created_at, actor_id, actor_label, "", b.status, "", "");
    return id;
  }
  // The event's row is inserted only if the booking's was (its code free); the foreign key is checked
  // at the end of the statement, once both are there.
  static const std::string text =
      "WITH k AS (" + std::string(kInsertBooking) +
      "ON CONFLICT (code) DO NOTHING RETURNING id), e AS (INSERT INTO booking_events (booking_id, at, actor_id, "
      "actor_label, from_status, to_status, reason, note) SELECT id, :eat, :ea, :el, '', :et, '', '' FROM k) "
      "SELECT id FROM k";
  long long id = 0;
  int m = b.needs_motor, v = b.needs_visual, h = b.needs_hearing, me = b.needs_mental;
  soci::indicator target_ind = b.allocation_target_id ? soci::i_ok : soci::i_null;
  soci::indicator beneficiary_ind = b.beneficiary_id ? soci::i_ok : soci::i_null;
  bool inserted = store::prepared(sql, text, soci::use(b.code), soci::use(b.slot_id), soci::use(b.kind),
                                  soci::use(b.beneficiary_id, beneficiary_ind), soci::use(b.organisation_id),
                                  soci::use(b.referent_id), soci::use(b.companions), soci::use(b.places),
                                  soci::use(b.status), soci::use(m), soci::use(v), soci::use(h), soci::use(me),
                                  soci::use(b.queue_position), soci::use(b.allocation_target_id, target_ind),
                                  soci::use(b.created_at), soci::use(b.updated_at), soci::use(b.created_at),
                                  soci::use(actor_id), soci::use(actor_label), soci::use(b.status), soci::into(id))
                      .got_data;
  return inserted ? id : 0;
}

std::optional<Booking> Repository::find_booking(soci::session& sql, long long id) {
  BookingRow r;
  sql << std::string(kBookingSelect) + "WHERE k.id = :id", TRAME_BOOKING_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r.get();
}

std::vector<Booking> Repository::slot_bookings(soci::session& sql, long long slot_id, bool active_only) {
  BookingRow r;
  std::string where = "WHERE k.slot_id = :s ";
  if (active_only) where += "AND k.status <> 'cancelled' ";
  soci::statement st =
      (sql.prepare << std::string(kBookingSelect) + where + "ORDER BY k.id", TRAME_BOOKING_INTO(r), soci::use(slot_id));
  st.execute();
  std::vector<Booking> out;
  while (st.fetch()) out.push_back(r.get());
  return out;
}

std::vector<Booking> Repository::bookings_of(soci::session& sql, const std::vector<long long>& orgs, long long offset,
                                             long long limit) {
  BookingRow r;
  soci::statement st =
      (sql.prepare << std::string(kBookingSelect) + "WHERE " + store::in_ids(sql, "k.organisation_id", orgs) +
                          " ORDER BY k.created_at DESC, k.id DESC LIMIT :l OFFSET :o",
       TRAME_BOOKING_INTO(r), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Booking> out;
  while (st.fetch()) out.push_back(r.get());
  return out;
}

long long Repository::count_bookings_of(soci::session& sql, const std::vector<long long>& orgs) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings WHERE " + store::in_ids(sql, "organisation_id", orgs),
      soci::into(n);
  return n;
}

void Repository::set_cancel_motive(soci::session& sql, long long id, const std::string& motive,
                                   const std::string& note) {
  sql << "UPDATE bookings SET cancel_motive = :m, cancel_note = :n WHERE id = :id", soci::use(motive), soci::use(note),
      soci::use(id);
}

bool Repository::change_status(soci::session& sql, long long id, const StatusChange& c) {
  const std::string& reason = c.to == "cancelled" ? c.cancel_reason : std::string();
  if (!transition_allowed(c.from, c.to, reason)) refuse("bookings.errors.transition");
  // The statement is made of fixed parts only; every value is bound.
  std::string q = "UPDATE bookings SET status = :to, updated_at = :u";
  if (c.to == "cancelled") q += ", cancel_reason = :r";
  if (c.offer_expires_at) q += ", offer_expires_at = :e";
  if (c.queue_position) q += ", queue_position = :q";
  if (c.checked_in_at) q += ", checked_in_at = :c";
  q += " WHERE id = :id AND status = :from";
  if (c.slot_id) q += " AND slot_id = :s";
  if (c.offer == StatusChange::Offer::running) q += " AND offer_expires_at > :now";
  if (c.offer == StatusChange::Offer::expired) q += " AND offer_expires_at <= :now";
  soci::statement st(sql);
  st.exchange(soci::use(c.to));
  st.exchange(soci::use(c.now));
  if (c.to == "cancelled") st.exchange(soci::use(reason));
  if (c.offer_expires_at) st.exchange(soci::use(*c.offer_expires_at));
  if (c.queue_position) st.exchange(soci::use(*c.queue_position));
  if (c.checked_in_at) st.exchange(soci::use(*c.checked_in_at));
  st.exchange(soci::use(id));
  st.exchange(soci::use(c.from));
  if (c.slot_id) st.exchange(soci::use(c.slot_id));
  if (c.offer != StatusChange::Offer::any) st.exchange(soci::use(c.now));
  st.alloc();
  st.prepare(q);
  st.define_and_bind();
  return affected(st) == 1;
}

void Repository::insert_event(soci::session& sql, long long booking_id, long long at, long long actor_id,
                              const std::string& actor_label, const std::string& from, const std::string& to,
                              const std::string& reason, const std::string& note) {
  store::prepared(sql,
                  "INSERT INTO booking_events (booking_id, at, actor_id, actor_label, from_status, to_status, "
                  "reason, note) VALUES (:b, :at, :a, :l, :f, :t, :r, :n)",
                  soci::use(booking_id), soci::use(at), soci::use(actor_id), soci::use(actor_label), soci::use(from),
                  soci::use(to), soci::use(reason), soci::use(note));
}

std::vector<BookingEvent> Repository::events(soci::session& sql, long long booking_id) {
  BookingEvent e;
  soci::statement st = (sql.prepare << "SELECT at, actor_label, from_status, to_status, reason FROM booking_events "
                                       "WHERE booking_id = :b ORDER BY id",
                        soci::into(e.at), soci::into(e.actor_label), soci::into(e.from_status), soci::into(e.to_status),
                        soci::into(e.reason), soci::use(booking_id));
  st.execute();
  std::vector<BookingEvent> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

std::string Repository::user_email(soci::session& sql, long long user_id) {
  std::string email;
  sql << "SELECT email FROM users WHERE id = :id", soci::use(user_id), soci::into(email);
  return sql.got_data() ? email : std::string();
}

long long Repository::organisation_id_by_name(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0;
}

long long Repository::user_id_by_email(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::use(email), soci::into(id);
  return sql.got_data() ? id : 0;
}

long long Repository::referent_membership(soci::session& sql, long long user_id, long long organisation_id) {
  long long id = 0;
  sql << "SELECT id FROM memberships WHERE user_id = :u AND organisation_id = :o AND role = 'referent'",
      soci::use(user_id), soci::use(organisation_id), soci::into(id);
  return sql.got_data() ? id : 0;
}

std::vector<long long> Repository::open_first_come_slots(soci::session& sql, long long now, long long limit) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT s.id FROM outing_slots s JOIN outing_offers f ON f.id = s.offer_id "
                                       "WHERE f.status = 'published' AND s.status = 'open' AND s.mode = 'first_come' "
                                       "AND s.opens_at <= :n AND s.closes_at > :n2 AND s.starts_at > :n3 "
                                       "AND s.booked < s.capacity ORDER BY s.starts_at, s.id LIMIT :l",
                        soci::into(id), soci::use(now), soci::use(now), soci::use(now), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::pair<long long, std::string> Repository::branch_of(soci::session& sql, long long organisation_id) {
  long long id = 0;
  std::string name;
  if (!store::prepared(sql,
                       "SELECT b.id, b.name FROM organisations o JOIN network_branches b ON b.id = o.branch_id "
                       "WHERE o.id = :o",
                       soci::use(organisation_id), soci::into(id), soci::into(name))
           .got_data)
    return {0, ""};
  return {id, name};
}

std::pair<long long, std::string> Repository::allocation_branch(soci::session& sql, long long allocation_id,
                                                                std::string& allocation_name) {
  long long id = 0;
  std::string name;
  sql << "SELECT a.name, COALESCE(b.id, 0), COALESCE(b.name, '') FROM outing_allocations a LEFT JOIN network_branches "
         "b ON b.id = a.branch_id WHERE a.id = :a",
      soci::use(allocation_id), soci::into(allocation_name), soci::into(id), soci::into(name);
  if (!sql.got_data()) return {0, ""};
  return {id, name};
}

std::pair<long long, std::string> Repository::branch_and_offer_branches(
    soci::session& sql, long long organisation_id, long long offer_id,
    std::vector<std::pair<long long, std::string>>& offer) {
  int which = 0;
  long long id = 0;
  std::string name;
  std::pair<long long, std::string> relais{0, ""};
  offer.clear();
  store::prepared_rows(
      sql,
      "SELECT 0, b.id, b.name FROM organisations o JOIN network_branches b ON b.id = o.branch_id WHERE o.id = :o "
      "UNION ALL SELECT 1, b.id, b.name FROM outing_offer_branches ob JOIN network_branches b "
      "ON b.id = ob.branch_id WHERE ob.offer_id = :f ORDER BY 1, 3",
      [&] {
        if (which == 0) relais = {id, name};
        else offer.emplace_back(id, name);
      },
      soci::into(which), soci::into(id), soci::into(name), soci::use(organisation_id), soci::use(offer_id));
  return relais;
}

std::optional<std::string> Repository::branch_setting(soci::session& sql, long long branch_id, const std::string& key) {
  std::string value;
  if (!store::prepared(sql, "SELECT value FROM branch_settings WHERE branch_id = :b AND key = :k", soci::use(branch_id),
                       soci::use(key), soci::into(value))
           .got_data)
    return std::nullopt;
  return value;
}

Repository::OutingSettings Repository::outing_settings(soci::session& sql, long long branch_id) {
  int branch = 0;
  std::string key, value;
  soci::indicator ind = soci::i_null;
  OutingSettings out;
  store::prepared_rows(
      sql,
      "SELECT 0, key, value FROM settings WHERE key LIKE 'outings.%' "
      "UNION ALL SELECT 1, key, value FROM branch_settings WHERE branch_id = :b AND key LIKE 'outings.%'",
      [&] {
        if (ind == soci::i_ok) (branch != 0 ? out.branch : out.instance)[key] = value;
      },
      soci::into(branch), soci::into(key), soci::into(value, ind), soci::use(branch_id));
  return out;
}

void Repository::set_branch_setting(soci::session& sql, long long branch_id, const std::string& key,
                                    const std::optional<std::string>& value) {
  sql << "DELETE FROM branch_settings WHERE branch_id = :b AND key = :k", soci::use(branch_id), soci::use(key);
  if (!value) return;
  sql << "INSERT INTO branch_settings (branch_id, key, value) VALUES (:b, :k, :v)", soci::use(branch_id),
      soci::use(key), soci::use(*value);
}

}  // namespace trame::bookings
