"""Dreams web app (Reflex). UI only: it calls services/, never Kafka, SQL or Mongo clients."""
