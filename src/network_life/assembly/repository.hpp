// SQL of the general assembly (migration 0047, tables life_assembl*).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/assembly/model.hpp"

namespace trame::assembly {

class Repository {
 public:
  std::optional<Assembly> find(soci::session& sql, long long id) const;
  // The assemblies the reader sees, soonest last.
  std::vector<Assembly> list(soci::session& sql, const Visible& visible, int limit, int offset) const;
  long long count(soci::session& sql, const Visible& visible) const;
  long long by_title(soci::session& sql, long long organiser_id, const std::string& title) const;
  std::vector<long long> years(soci::session& sql) const;

  long long insert(soci::session& sql, const Assembly& a, long long now) const;
  // Kind, title, times, place, video link and year.
  void update(soci::session& sql, const Assembly& a, long long now) const;
  // Holds the assembly's row until the transaction ends (proxies, votes and publication one after the other).
  void hold(soci::session& sql, long long id) const;
  // The claims: true when this write set it (it was not set before).
  bool claim_notice(soci::session& sql, long long id, long long by, long long count, long long now) const;
  bool claim_publication(soci::session& sql, long long id, long long by, long long now) const;

  std::vector<AgendaItem> agenda(soci::session& sql, long long assembly_id) const;
  void set_agenda(soci::session& sql, long long assembly_id, const std::vector<std::string>& titles) const;

  std::vector<Resolution> resolutions(soci::session& sql, long long assembly_id) const;
  std::optional<Resolution> resolution(soci::session& sql, long long id) const;
  long long insert_resolution(soci::session& sql, const Resolution& r) const;
  void set_votes(soci::session& sql, const Resolution& r, long long now) const;

  std::vector<Attendance> attendance(soci::session& sql, long long assembly_id) const;
  std::optional<Attendance> attendance_of(soci::session& sql, long long assembly_id, long long organisation_id) const;
  // Proxies the holder holds at the assembly, apart from the one of `except` (0: none).
  long long proxies_held(soci::session& sql, long long assembly_id, long long holder_id, long long except) const;
  void set_attendance(soci::session& sql, long long assembly_id, const Attendance& a, long long now) const;
  // Present + represented.
  long long voters(soci::session& sql, long long assembly_id) const;

  std::string organisation_name(soci::session& sql, long long id) const;
  // Active organisations of the directory (for administrators choosing an organiser).
  std::vector<std::pair<long long, std::string>> directory(soci::session& sql, int limit) const;
};

}  // namespace trame::assembly
