"""Year-end 绩效自评 scores: the formulas (pure functions), the scoring rules (S…) and one project's score.

预算执行率 10 points; the indicators 90 (产出 50, 效益 30, 满意度 10), each scored 正向, 反向, 等于 or 定性;
weights, grade bands and tolerances come from the [self_evaluation] section of the config.
"""
