"""The ЖильеGO Telegram bot (seed 003): commands, a search dialogue with inline buttons (city, district, class,
type, rooms, each with «любой»; dates, guests; the last search saved as the chat's preferences), listing cards,
booking through bookings.services.create_hold, the guest's bookings and favorites, the realtor's figures.

It rides on the assistant's Telegram webhook of a bot whose site has rental listings: commands, button presses
and the answers the dialogue waits for come here; any other text goes to the assistant as before.
The dialogue's state lives in Conversation.bot_state."""
