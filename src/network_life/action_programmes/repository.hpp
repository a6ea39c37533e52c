// SQL of action programmes (model.hpp): programmes, editions, partners, funders, sessions,
// participants, registrations with attendance, outcomes, and the figures of an edition.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/action_programmes/model.hpp"

namespace trame::action_programmes {

class Repository {
 public:
  std::optional<Programme> programme(soci::session& sql, long long id) const;
  std::vector<Programme> programmes(soci::session& sql, int limit, int offset) const;
  long long count_programmes(soci::session& sql) const;
  long long programme_by_title(soci::session& sql, long long organiser_id, const std::string& title) const;
  long long insert_programme(soci::session& sql, const Programme& p, long long now) const;
  void update_programme(soci::session& sql, const Programme& p, long long now) const;

  std::optional<Edition> edition(soci::session& sql, long long id) const;
  std::vector<Edition> editions(soci::session& sql, long long programme_id, int limit, int offset) const;
  long long count_editions(soci::session& sql, long long programme_id) const;
  long long edition_by_title(soci::session& sql, long long programme_id, const std::string& title) const;
  long long insert_edition(soci::session& sql, const Edition& e, long long now) const;

  std::vector<Partner> partners(soci::session& sql, long long edition_id) const;
  std::vector<Funder> funders(soci::session& sql, long long edition_id) const;
  // Inserts or updates the role / amount.
  void put_partner(soci::session& sql, long long edition_id, long long organisation_id, const std::string& role,
                   long long now) const;
  void put_funder(soci::session& sql, long long edition_id, long long organisation_id, long long amount,
                  long long now) const;
  // The organisation's kind ('' when it does not exist or is archived).
  std::string organisation_kind(soci::session& sql, long long id) const;
  std::vector<Partner> directory(soci::session& sql, bool funders_only) const;

  std::optional<Session> session(soci::session& sql, long long id) const;
  std::vector<Session> sessions(soci::session& sql, long long edition_id, int limit, int offset) const;
  long long count_sessions(soci::session& sql, long long edition_id) const;
  long long session_by_title(soci::session& sql, long long edition_id, const std::string& title) const;
  long long insert_session(soci::session& sql, const Session& s, long long now) const;
  // Holds the session's row until the transaction ends (registrations of it: one after the other).
  void hold_session(soci::session& sql, long long session_id) const;
  // Takes `places` in the session if they fit (one conditional UPDATE: correct under concurrency).
  bool take_places(soci::session& sql, long long session_id, long long places) const;

  std::optional<Participant> participant(soci::session& sql, long long id) const;
  std::optional<Participant> participant_of(soci::session& sql, long long edition_id, long long beneficiary_id) const;
  // The edition's participants (relais_id 0: all of them), by code.
  std::vector<Participant> participants(soci::session& sql, long long edition_id, const std::vector<long long>& relais,
                                        bool all, int limit, int offset) const;
  long long count_participants(soci::session& sql, long long edition_id, const std::vector<long long>& relais,
                               bool all) const;
  long long insert_participant(soci::session& sql, const Participant& p, long long by, long long now) const;

  std::vector<Registration> registrations(soci::session& sql, long long session_id,
                                          const std::vector<long long>& relais, bool all, int limit, int offset) const;
  long long count_registrations(soci::session& sql, long long session_id, const std::vector<long long>& relais,
                                bool all) const;
  bool registered(soci::session& sql, long long session_id, long long participant_id) const;
  void insert_registration(soci::session& sql, long long session_id, long long participant_id, long long places,
                           long long by, long long now) const;
  // Marks present the registrations among `present` (ids), absent the others; the session's attendance recorded.
  void set_attendance(soci::session& sql, long long session_id, const std::vector<long long>& present,
                      long long now) const;

  void put_outcome(soci::session& sql, long long participant_id, const std::string& category, long long by,
                   long long now) const;

  Figures figures(soci::session& sql, long long edition_id) const;

  // Dashboard: upcoming sessions where participants of `relais` are registered; past sessions of
  // the organisers `organisers` (all: every one) without attendance.
  std::vector<Session> upcoming_for_relais(soci::session& sql, const std::vector<long long>& relais, bool all,
                                           long long now, int limit) const;
  std::vector<Session> without_attendance(soci::session& sql, const std::vector<long long>& organisers, bool all,
                                          long long now, int limit) const;
  long long organiser_of_edition(soci::session& sql, long long edition_id) const;
};

}  // namespace trame::action_programmes
