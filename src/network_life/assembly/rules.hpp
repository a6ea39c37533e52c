// The general assembly's arithmetic, as pure functions (unit-tested in
// tests/unit/network_life/assembly_test.cpp): fractions read from the settings ("1/4", "2/3"),
// the quorum (present + represented against the members of the year) and the result of a
// resolution under a simple or qualified majority.
#pragma once
#include <optional>
#include <string>

namespace trame::assembly {

struct Fraction {
  long long num = 0, den = 1;
};

// "1/4", "2/3", "simple"… → a fraction with 0 < num <= den <= 100; nullopt when malformed.
std::optional<Fraction> parse_fraction(const std::string& text);

// The number of member organisations present or represented the quorum needs: ceil(members × f),
// at least 1 (an assembly without members never reaches it).
long long quorum_needed(long long members, Fraction f);
// Whether the quorum is reached.
bool quorum_reached(long long members, long long present_or_represented, Fraction f);

// The votes entered for a resolution, checked against the voters (present + represented).
struct Votes {
  long long for_ = 0, against = 0, abstain = 0;
  long long total() const { return for_ + against + abstain; }
};
// Valid counts: none negative, and no more votes than voters.
bool votes_valid(const Votes& v, long long voters);

// Adopted? Abstentions are not votes cast. Simple majority: more for than against. Qualified
// majority f: for × den ≥ num × (for + against), with at least one vote for.
bool adopted(const Votes& v, bool qualified, Fraction qualified_fraction);

}  // namespace trame::assembly
