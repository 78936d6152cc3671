#include "near_names.hpp"

#include <algorithm>
#include <utility>

namespace asemdb::detail {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> near_names(const std::string& word, const std::vector<std::string>& names) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& name : names) {
        const bool related = name.find(word) != std::string::npos || word.find(name) != std::string::npos;
        const std::size_t distance = related ? 0 : edit_distance(word, name);
        if (distance <= std::max<std::size_t>(2, name.size() / 3)) scored.emplace_back(distance, name);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
    return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
    std::string hint;
    for (const auto& name : near_names(word, names)) hint += (hint.empty() ? "; did you mean " : " or ") + ("'" + name + "'");
    return hint.empty() ? hint : hint + "?";
}

}  // namespace asemdb::detail
