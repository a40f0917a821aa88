"""What an election is: its configuration, nominations as files, times and the adopter's workflows."""
