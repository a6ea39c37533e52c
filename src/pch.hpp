// Precompiled header: the heavy, stable headers that most translation units include.
#pragma once
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>
#include <soci/soci.h>
#include <spdlog/spdlog.h>
