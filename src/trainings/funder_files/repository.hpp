// SQL of the funders' files: the session's trainee × funder pairs (from the funding lines).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/funder_files/model.hpp"

namespace trame::funder_files {

class Repository {
 public:
  // The trainee × funder pairs of the session: applications admitted, confirmed, completed or dropped
  // out, with at least one funding line that is not refused; lines of one funder summed; ordered by
  // trainee name, application, funder.
  std::vector<FunderLine> lines(soci::session& sql, long long session_id);
  // The same trainees (admitted, confirmed, completed, dropped out) as pairs without a funder: for the
  // employer or the person billed without a funding line (the rest of the price).
  std::vector<FunderLine> trainees(soci::session& sql, long long session_id);
};

}  // namespace trame::funder_files
