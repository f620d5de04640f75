// Sorting vectors of large values (plan changes, decoded resources): the
// order is found on indices and each element is moved once, instead of
// O(n log n) moves of whole objects. A vector already in order costs one pass.
#pragma once

#include <algorithm>
#include <numeric>
#include <vector>

namespace forma {

template <typename T, typename Less>
void stable_sort_large(std::vector<T>& items, Less less) {
  if (std::is_sorted(items.begin(), items.end(), less)) return;
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return less(items[a], items[b]); });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

}  // namespace forma
