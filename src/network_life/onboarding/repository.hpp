// SQL of the referents' onboarding (life_onboardings, with memberships, organisations and partnerships).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/onboarding/model.hpp"
#include "platform/core/permissions.hpp"

namespace trame::onboarding {

// `scope` is the organisations whose relais are covered: a relais is one of them or the active social
// relay of one of them (all: every relais; none: no relais).
class Repository {
 public:
  // The organisations where the person is a referent.
  std::vector<long long> referent_of(soci::session& sql, long long user_id) const;
  // Whether the history already has the person's onboarding for the relais at the event.
  bool recorded(soci::session& sql, long long user_id, long long relais_id, long long event_id) const;
  void insert(soci::session& sql, long long user_id, long long relais_id, long long event_id, const std::string& source,
              const std::string& day, long long now) const;

  // Whether the organisation is in the scope.
  bool covers(soci::session& sql, const ActingFor& scope, long long relais_id) const;
  // The relais's name; nullopt when the organisation is no relais.
  std::optional<std::string> relais_name(soci::session& sql, long long relais_id) const;
  // Every referent of the relais by name (at most 500), with their latest atelier attended.
  std::vector<Referent> referents(soci::session& sql, long long relais_id) const;
  long long history_count(soci::session& sql, long long relais_id) const;
  // A page of the relais's history, newest first.
  std::vector<HistoryRow> history(soci::session& sql, long long relais_id, long long limit, long long offset) const;

  // The relais of the scope with no onboarded referent, by name.
  long long count_without_onboarded(soci::session& sql, const ActingFor& scope) const;
  std::vector<RelaisRow> without_onboarded(soci::session& sql, const ActingFor& scope, long long limit,
                                           long long offset) const;
  // The referents of the scope's relais onboarded before `before` (ISO day), oldest first.
  long long count_onboarded_before(soci::session& sql, const ActingFor& scope, const std::string& before) const;
  std::vector<OldRow> onboarded_before(soci::session& sql, const ActingFor& scope, const std::string& before,
                                       long long limit, long long offset) const;
};

}  // namespace trame::onboarding
