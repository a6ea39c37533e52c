// SQL of the follow-up module (feedback, reminders, dashboards).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/followup/model.hpp"

namespace trame::followup {

class Repository {
 public:
  std::optional<BookingScope> booking_scope(soci::session& sql, long long booking_id);
  std::optional<Feedback> feedback(soci::session& sql, long long booking_id);
  void save_feedback(soci::session& sql, const Feedback& f, long long actor_id);
  long long set_published(soci::session& sql, long long booking_id, bool published);

  std::vector<Quote> published_quotes(soci::session& sql, long long offer_id, long long limit);
  // Consented quotes; venue_scope empty = all (coordinator), else quotes of offers whose venue or partner is listed.
  std::vector<Quote> consented_quotes(soci::session& sql, const std::vector<long long>& venue_scope, long long offset,
                                      long long limit, long long& total);

  // Every consented, non-empty quote for the public site, newest first; one by its booking (nullopt when
  // there is none or it is not consented).
  std::vector<ConsentedQuote> consented_for_site(soci::session& sql, long long offset, long long limit,
                                                 long long& total);
  std::optional<ConsentedQuote> consented_for_site(soci::session& sql, long long booking_id);

  // Slots ended before `before` with confirmed bookings and no reminder sent yet.
  std::vector<long long> slots_needing_reminder(soci::session& sql, long long before);
  bool claim_reminder(soci::session& sql, long long slot_id, long long now);
  // (referent e-mail, locale, booking codes) of the slot's confirmed bookings, per referent.
  struct Recipient {
    std::string email, locale, title;
    long long starts_at = 0;
    std::vector<std::string> codes;
  };
  std::vector<Recipient> reminder_recipients(soci::session& sql, long long slot_id);

  // The lists of the referent's dashboard, at `now`: upcoming outings, places offered to answer, outings
  // over without feedback, outings over whose attendance is still to record.
  enum class List { upcoming, to_accept, to_feedback, to_record };
  std::vector<BookingLine> referent_bookings(soci::session& sql, List list, long long referent_id, long long now,
                                             long long offset, long long limit);
  long long count_referent_bookings(soci::session& sql, List list, long long referent_id, long long now);
  // Bookings of these structures, newest slots first.
  std::vector<BookingLine> history(soci::session& sql, const std::vector<long long>& organisations, long long offset,
                                   long long limit);
  long long count_history(soci::session& sql, const std::vector<long long>& organisations);
  std::vector<Person> people(soci::session& sql, long long referent_id, long long now, long long offset,
                             long long limit, long long& total);

  // Open slots of published offers whose venue or partner is listed (all: every one), starting in
  // [from, to), soonest first; unused_only keeps those with places left.
  std::vector<SlotLine> upcoming_slots(soci::session& sql, const std::vector<long long>& organisations, bool all,
                                       long long from, long long to, bool unused_only, long long limit,
                                       long long& total);
  // Past slots (ended before `before`, started after `since`) with confirmed bookings whose attendance
  // is still to record, oldest first.
  std::vector<SlotLine> attendance_overdue(soci::session& sql, const std::vector<long long>& organisations, bool all,
                                           long long since, long long before, long long limit, long long& total);

  // Every slot starting in [from, to), whatever its status, with its figures and groupings (one walk of the
  // period's slots; the steering page adds them up per grouping).
  std::vector<PeriodSlot> period_slots(soci::session& sql, long long from, long long to);
  // These organisations (venues and partners of the period) by id; those that do not exist are absent.
  std::map<long long, PeriodOrganisation> period_organisations(soci::session& sql, const std::vector<long long>& ids);
  // Every allocation's name by id.
  std::map<long long, std::string> allocation_names(soci::session& sql);
};

}  // namespace trame::followup
