"""Chart builders: pure functions from a query's frame to a Plotly figure."""
